//! Staff management (docs/rules.md, Permissions): admins add people, disable and re-enable
//! logins and change roles; every change is audited. A login is the person's
//! Unix user name, which `xfdesk serve` learns from the socket.
//!
//! Each call re-reads the acting admin's own record, so an admin disabled or
//! demoted by another since this desk opened manages nothing more. An admin
//! never disables or demotes their own login (another admin does), and the
//! last active admin is never disabled or demoted: someone must be left to
//! manage the staff.

use super::audit::staff_record;
use super::{active_staff, deed, Desk, Result, ServiceError};
use crate::domain::permit::{is_last_active_admin, may, Duty};
use crate::domain::text::clean_line;
use crate::domain::{Role, Staff};
use crate::store::{WriteSet, T};

/// Longest display name.
pub const MAX_NAME: usize = 50;
/// Longest Unix user name (useradd's limit).
pub const MAX_LOGIN: usize = 32;

/// Why a staff change was refused; nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StaffError {
    #[error("{0:?} is not a Unix user name: 1 to {MAX_LOGIN} lower-case letters, digits, '_' or '-', starting with a letter or '_'")]
    BadLogin(String),
    #[error("a display name is needed, at most {MAX_NAME} characters")]
    BadName,
    #[error("{login:?} is already on the staff list{}", if *.disabled { ", disabled (xfdesk staff enable)" } else { "" })]
    Exists { login: String, disabled: bool },
    #[error("unit {0:?} is not on file")]
    NoUnit(String),
    #[error("{0:?} is not on the staff list")]
    NotStaff(String),
    #[error("{0:?} is already disabled")]
    AlreadyDisabled(String),
    #[error("{0:?} is already active")]
    AlreadyActive(String),
    #[error("{login:?} is already {role}")]
    SameRole { login: String, role: Role },
    #[error(
        "an admin may not disable their own login or change their own role; ask another admin"
    )]
    OwnLogin,
    #[error("{0:?} is the last active admin; make another admin first")]
    LastAdmin(String),
}

/// A change of one login that the desk checks before it asks to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StaffCheck {
    Disable,
    Enable,
    Role(Role),
}

/// Whether `login` is a plausible Unix user name (useradd's default rule).
pub fn is_unix_login(login: &str) -> bool {
    let mut bytes = login.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_');
    first_ok
        && login.len() <= MAX_LOGIN
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// What an audit entry says of a staff record's change: "added: 张丽,
/// receptionist, unit xfj", or each field changed ("role admin (was
/// handler), disabled").
pub(crate) fn staff_change(old: Option<&Staff>, new: &Staff) -> String {
    let unit = |s: &Staff| s.unit.clone().unwrap_or_else(|| "none".into());
    let Some(old) = old else {
        let mut s = format!("added: {}, {}", new.name, new.role);
        if let Some(u) = &new.unit {
            s.push_str(&format!(", unit {u}"));
        }
        if new.disabled {
            s.push_str(", disabled");
        }
        return s;
    };
    let mut changes = Vec::new();
    if old.name != new.name {
        changes.push(format!("name {} (was {})", new.name, old.name));
    }
    if old.role != new.role {
        changes.push(format!("role {} (was {})", new.role, old.role));
    }
    if old.unit != new.unit {
        changes.push(format!("unit {} (was {})", unit(new), unit(old)));
    }
    if old.disabled != new.disabled {
        changes.push(
            if new.disabled {
                "disabled"
            } else {
                "re-enabled"
            }
            .into(),
        );
    }
    changes.join(", ")
}

impl Desk {
    /// Every staff member, disabled ones too, by login; admins only.
    pub fn staff_list(&self) -> Result<Vec<Staff>> {
        self.require_admin_now()?;
        self.all_staff()
    }

    /// Adds a staff member; admins only. `login` must be a plausible Unix
    /// user name not yet on the list, `unit` (if any) a unit on file.
    pub fn staff_add(
        &self,
        login: &str,
        name: &str,
        role: Role,
        unit: Option<&str>,
    ) -> Result<Staff> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let staff = self.new_staff(login, name, role, unit)?;
        self.save_staff(&staff, staff_change(None, &staff))?;
        Ok(staff)
    }

    /// Whether `staff_add` would add this person now: the same checks,
    /// nothing written. The desk asks before it asks to confirm.
    pub fn staff_add_check(
        &self,
        login: &str,
        name: &str,
        role: Role,
        unit: Option<&str>,
    ) -> Result<()> {
        self.new_staff(login, name, role, unit).map(|_| ())
    }

    /// The record `staff_add` would write, or why it may not.
    fn new_staff(&self, login: &str, name: &str, role: Role, unit: Option<&str>) -> Result<Staff> {
        self.require_admin_now()?;
        let store = self.store();
        if !is_unix_login(login) {
            return Err(StaffError::BadLogin(login.to_string()).into());
        }
        if let Some(old) = store.staff(login)? {
            return Err(StaffError::Exists {
                login: login.to_string(),
                disabled: old.disabled,
            }
            .into());
        }
        let name = clean_line(name);
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(StaffError::BadName.into());
        }
        let unit = unit.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = unit {
            if store.unit(u)?.is_none() {
                return Err(StaffError::NoUnit(u.to_string()).into());
            }
        }
        Ok(Staff {
            login: login.to_string(),
            name,
            role,
            unit: unit.map(str::to_string),
            disabled: false,
        })
    }

    /// Disables a login: it can no longer open the database. Admins only;
    /// not their own login, not the last active admin.
    pub fn staff_disable(&self, login: &str) -> Result<Staff> {
        self.change_staff(login, StaffCheck::Disable)
    }

    /// Lets a disabled login open the database again; admins only.
    pub fn staff_enable(&self, login: &str) -> Result<Staff> {
        self.change_staff(login, StaffCheck::Enable)
    }

    /// Gives a login another role. Admins only; not their own login, and the
    /// last active admin keeps the admin role.
    pub fn staff_role(&self, login: &str, role: Role) -> Result<Staff> {
        self.change_staff(login, StaffCheck::Role(role))
    }

    /// Whether the change of `login` would be made now: the same checks,
    /// nothing written. The desk asks before it asks to confirm.
    pub fn staff_change_check(&self, login: &str, change: StaffCheck) -> Result<()> {
        self.changed_staff(login, change).map(|_| ())
    }

    /// Makes `change` to the stored record of `login`, audited.
    fn change_staff(&self, login: &str, change: StaffCheck) -> Result<Staff> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let (old, new) = self.changed_staff(login, change)?;
        self.save_staff(&new, staff_change(Some(&old), &new))?;
        Ok(new)
    }

    /// The record of `login` before and after `change`, or why it may not
    /// be made: an admin's own login, a change that leaves no active admin,
    /// or one that changes nothing.
    fn changed_staff(&self, login: &str, change: StaffCheck) -> Result<(Staff, Staff)> {
        self.require_admin_now()?;
        let everyone = self.all_staff()?;
        let Some(old) = everyone.iter().find(|s| s.login == login) else {
            return Err(StaffError::NotStaff(login.to_string()).into());
        };
        if login == self.user().login {
            return Err(StaffError::OwnLogin.into());
        }
        let mut new = old.clone();
        match change {
            StaffCheck::Disable if new.disabled => {
                return Err(StaffError::AlreadyDisabled(new.login).into())
            }
            StaffCheck::Enable if !new.disabled => {
                return Err(StaffError::AlreadyActive(new.login).into())
            }
            StaffCheck::Role(role) if new.role == role => {
                return Err(StaffError::SameRole {
                    login: new.login,
                    role,
                }
                .into())
            }
            StaffCheck::Disable => new.disabled = true,
            StaffCheck::Enable => new.disabled = false,
            StaffCheck::Role(role) => new.role = role,
        }
        let still_admin = new.role == Role::Admin && !new.disabled;
        if !still_admin && is_last_active_admin(&everyone, login) {
            return Err(StaffError::LastAdmin(login.to_string()).into());
        }
        Ok((old.clone(), new))
    }

    /// Stores `staff` with its audit entry, flushed. The caller holds the
    /// write lock.
    fn save_staff(&self, staff: &Staff, what: String) -> Result<()> {
        let store = self.store();
        let mut ws = WriteSet::new(store);
        ws.put(T::Staff, staff.login.as_bytes().to_vec(), staff);
        self.audit(&mut ws, staff_record(&staff.login), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(())
    }

    fn all_staff(&self) -> Result<Vec<Staff>> {
        let mut out = Vec::new();
        for r in self.store().records::<Staff>(T::Staff) {
            out.push(r?.1);
        }
        Ok(out)
    }

    /// Refuses unless this person is, as stored now, an active admin.
    fn require_admin_now(&self) -> Result<()> {
        let me = active_staff(self.store(), &self.user().login)?;
        if may(me.role, Duty::Administer) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden {
                login: me.login,
                role: me.role,
                what: deed::MANAGE_STAFF,
            })
        }
    }
}
