//! Use-cases: the one API that the command line, the TUI and the server call.
//! Every function here acts as a known staff member and leaves an audit entry
//! for what it changes.

pub mod act;
pub mod api;
pub mod audit;
pub mod backup;
pub mod cases;
pub mod check;
pub mod compact;
pub mod deed;
pub mod drafts;
pub mod error;
pub mod export;
pub mod holidays;
pub mod import;
pub mod lookup;
pub mod notice;
pub mod office;
pub mod overdue;
pub mod page;
pub mod queues;
pub mod register;
pub mod report;
pub mod restore;
pub mod staff;
pub mod views;

use crate::domain::permit::{may, Duty};
use crate::domain::{Role, Staff, Ts};
use crate::store::{OpenOptions, Store, WriteSet, T};
use std::path::Path;
use std::sync::Arc;
use time::OffsetDateTime;

pub use api::{DeskApi, DeskCalls};
pub use error::ServiceError;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Where "now" comes from; tests and renders inject a fixed clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// A database opened for one staff member. Several desks may share one
/// store (the server gives each connection its own).
pub struct Desk {
    store: Arc<Store>,
    user: Staff,
    clock: Box<dyn Clock>,
    /// The search being typed at a desk, audited once it is finished (see
    /// `lookup::PendingLookup`).
    pending_lookup: lookup::PendingLookup,
}

impl Drop for Desk {
    /// A search still being typed when the desk closes (a dropped SSH
    /// session, a client gone) is audited all the same.
    fn drop(&mut self) {
        if let Err(e) = self.lookup_done() {
            tracing::warn!("auditing the last lookup of {}: {e}", self.user.login);
        }
    }
}

/// The login of the Unix user running this process.
pub fn current_unix_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| nix::unistd::getuid().to_string())
}

/// The logins of the active admins, in login order: whom a refused person
/// is told to ask (here and by the server).
pub fn active_admins(store: &Store) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for r in store.records::<Staff>(T::Staff) {
        let s = r?.1;
        if s.role == Role::Admin && !s.disabled {
            out.push(s.login);
        }
    }
    Ok(out)
}

/// The staff record of `login`, refused when unknown or disabled with the
/// admins to ask named.
fn active_staff(store: &Store, login: &str) -> Result<Staff> {
    let login = login.to_string();
    match store.staff(&login)? {
        Some(user) if !user.disabled => Ok(user),
        Some(_) => Err(ServiceError::Disabled {
            login,
            admins: active_admins(store)?,
        }),
        None => Err(ServiceError::UnknownUser {
            login,
            admins: active_admins(store)?,
        }),
    }
}

impl Desk {
    /// Opens an existing database as `login`, who must be active staff.
    pub fn open(path: &Path, opts: &OpenOptions, login: &str) -> Result<Desk> {
        Desk::with_store(Store::open(path, opts)?, login)
    }

    pub fn with_store(store: Store, login: &str) -> Result<Desk> {
        Desk::shared(Arc::new(store), login)
    }

    /// A desk for `login` on a store other desks use too.
    pub fn shared(store: Arc<Store>, login: &str) -> Result<Desk> {
        let user = active_staff(&store, login)?;
        Ok(Desk {
            store,
            user,
            clock: Box::new(SystemClock),
            pending_lookup: Default::default(),
        })
    }

    /// Acts from now on as `login`, who must be active staff, on the same open
    /// database and clock. One process holds a database (sled's lock), so a
    /// server serving several people, or a test playing several roles, changes
    /// the person rather than opening the store again. On error nothing changes.
    pub fn switch_user(&mut self, login: &str) -> Result<()> {
        let user = active_staff(&self.store, login)?;
        if user.login != self.user.login {
            // The search typed so far was the previous person's.
            self.lookup_done()?;
        }
        self.user = user;
        Ok(())
    }

    /// Creates a database whose first admin is `login`.
    pub fn init(path: &Path, opts: &OpenOptions, login: &str) -> Result<Desk> {
        let store = Store::create(path, opts)?;
        let admin = Staff {
            login: login.to_string(),
            name: login.to_string(),
            role: Role::Admin,
            unit: None,
            disabled: false,
        };
        let desk = Desk {
            store: Arc::new(store),
            user: admin.clone(),
            clock: Box::new(SystemClock),
            pending_lookup: Default::default(),
        };
        let mut ws = WriteSet::new(&desk.store);
        ws.put(T::Staff, login.as_bytes().to_vec(), &admin);
        desk.audit(
            &mut ws,
            audit::staff_record(login),
            "created the database with this admin".into(),
        )?;
        ws.commit()?;
        desk.store.flush()?;
        Ok(desk)
    }

    /// Brings the database at `path` up to this release's schema (see
    /// `store::migrate`); `login` must be an active admin of it. Returns what
    /// was done; a database already up to date is left alone.
    pub fn migrate(path: &Path, opts: &OpenOptions, login: &str) -> Result<crate::store::Migrated> {
        Store::migrate(path, opts, |store| {
            let user = active_staff(store, login)?;
            if user.role == Role::Admin {
                Ok(())
            } else {
                Err(ServiceError::Forbidden {
                    login: login.to_string(),
                    role: user.role,
                    what: deed::MIGRATE,
                })
            }
        })
    }

    pub fn set_clock(&mut self, clock: Box<dyn Clock>) {
        self.clock = clock;
    }

    pub fn now(&self) -> Ts {
        Ts::from_datetime(self.clock.now())
    }

    pub fn today(&self) -> time::Date {
        self.now().local_date(self.store.tz())
    }

    pub fn user(&self) -> &Staff {
        &self.user
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to share with other desks (see `Desk::shared`).
    pub fn shared_store(&self) -> Arc<Store> {
        Arc::clone(&self.store)
    }

    /// Refuses `what` unless the user's role has `duty`.
    fn require(&self, duty: Duty, what: &'static str) -> Result<()> {
        if may(self.user.role, duty) {
            Ok(())
        } else {
            Err(self.forbidden(what))
        }
    }

    /// The refusal of `what` for this user's role.
    fn forbidden(&self, what: &'static str) -> ServiceError {
        ServiceError::Forbidden {
            login: self.user.login.clone(),
            role: self.user.role,
            what,
        }
    }
}
