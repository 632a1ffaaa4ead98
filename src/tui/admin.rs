//! Staff management on the desk (F8), for admins: the staff list, and forms
//! to add a person, disable or re-enable a login and change a role. Every
//! change goes through the service, which audits it and refuses what an
//! admin may not do (their own login, the last admin); a refusal is shown in
//! the form, worded in the desk's language.

use super::action::Action;
use super::input::TextInput;
use super::model::{Model, Screen};
use super::popup::Popup;
use crate::domain::{Role, Staff, Unit};
use crate::service::{DeskApi, Result};

pub struct StaffState {
    /// Everyone, disabled logins too, by login.
    pub list: Vec<Staff>,
    pub selected: usize,
    /// The units a new person may belong to.
    pub units: Vec<Unit>,
}

impl StaffState {
    pub fn new() -> StaffState {
        StaffState {
            list: Vec::new(),
            selected: 0,
            units: Vec::new(),
        }
    }

    /// Reads the list again, keeping `login` selected when it is there.
    fn load(&mut self, desk: &dyn DeskApi, login: Option<&str>) -> Result<()> {
        self.list = desk.staff_list()?;
        let at = login.and_then(|l| self.list.iter().position(|s| s.login == l));
        self.selected = at.unwrap_or(self.selected.min(self.list.len().saturating_sub(1)));
        Ok(())
    }
}

impl Default for StaffState {
    fn default() -> StaffState {
        StaffState::new()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffChange {
    Add,
    Disable,
    Enable,
    Role,
}

impl StaffChange {
    /// The key's action: it names the change in titles.
    pub fn action(self) -> Action {
        match self {
            StaffChange::Add => Action::StaffAdd,
            StaffChange::Disable => Action::StaffDisable,
            StaffChange::Enable => Action::StaffEnable,
            StaffChange::Role => Action::StaffRole,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffField {
    Login,
    Name,
    Role,
    Unit,
}

/// One staff change: what it asks for, then a confirmation.
pub struct StaffForm {
    pub change: StaffChange,
    /// Whose login is changed; none when adding.
    pub target: Option<Staff>,
    pub fields: Vec<StaffField>,
    pub focus: usize,
    pub login: TextInput,
    pub name: TextInput,
    pub role: Role,
    pub units: Vec<Unit>,
    /// 0 for no unit, else the unit at `units[unit - 1]`.
    pub unit: usize,
    /// Asked "do it?" and waiting for Enter.
    pub confirming: bool,
    /// Why the service refused, shown in the form.
    pub error: Option<String>,
}

impl StaffForm {
    /// A form adding a person: login, name, role and unit.
    pub fn add(units: Vec<Unit>) -> StaffForm {
        StaffForm {
            change: StaffChange::Add,
            target: None,
            fields: vec![
                StaffField::Login,
                StaffField::Name,
                StaffField::Role,
                StaffField::Unit,
            ],
            focus: 0,
            login: TextInput::default(),
            name: TextInput::default(),
            role: Role::Receptionist,
            units,
            unit: 0,
            confirming: false,
            error: None,
        }
    }

    /// A change of `target`'s login: disabling and enabling ask only to
    /// confirm, a role change asks for the new role first.
    pub fn change(change: StaffChange, target: Staff) -> StaffForm {
        let fields = if change == StaffChange::Role {
            vec![StaffField::Role]
        } else {
            Vec::new()
        };
        StaffForm {
            change,
            role: target.role,
            confirming: fields.is_empty(),
            fields,
            target: Some(target),
            ..StaffForm::add(Vec::new())
        }
    }

    pub fn focused(&self) -> Option<StaffField> {
        self.fields.get(self.focus).copied()
    }

    pub fn input(&self, f: StaffField) -> Option<&TextInput> {
        match f {
            StaffField::Login => Some(&self.login),
            StaffField::Name => Some(&self.name),
            StaffField::Role | StaffField::Unit => None,
        }
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        match self.focused()? {
            StaffField::Login => Some(&mut self.login),
            StaffField::Name => Some(&mut self.name),
            StaffField::Role | StaffField::Unit => None,
        }
    }

    pub fn step(&mut self, by: isize) {
        let n = self.fields.len().max(1) as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n) as usize;
    }

    /// ← and → step the role or the unit chosen.
    pub fn side(&mut self, by: isize) {
        let turn = |i: usize, n: usize| (i as isize + by).rem_euclid(n as isize) as usize;
        match self.focused() {
            Some(StaffField::Role) => {
                let i = Role::ALL.iter().position(|r| *r == self.role).unwrap_or(0);
                self.role = Role::ALL[turn(i, Role::ALL.len())];
            }
            Some(StaffField::Unit) => self.unit = turn(self.unit, self.units.len() + 1),
            _ => {}
        }
    }

    /// The unit chosen, if any.
    pub fn chosen_unit(&self) -> Option<&Unit> {
        self.unit.checked_sub(1).and_then(|i| self.units.get(i))
    }

    /// Makes the change through the service.
    fn apply(&self, desk: &dyn DeskApi) -> Result<Staff> {
        let target = self.target.as_ref().map_or("", |s| s.login.as_str());
        match self.change {
            StaffChange::Add => desk.staff_add(
                self.login.text().trim().to_string(),
                self.name.text().to_string(),
                self.role,
                self.chosen_unit().map(|u| u.code.clone()),
            ),
            StaffChange::Disable => desk.staff_disable(target.to_string()),
            StaffChange::Enable => desk.staff_enable(target.to_string()),
            StaffChange::Role => desk.staff_role(target.to_string(), self.role),
        }
    }
}

/// Opens F8; a role that may not manage staff is told so by the service's
/// refusal, in the desk's language.
pub fn open(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    match model.staff.load(desk, None) {
        Ok(()) => {
            model.staff.units = desk.units()?;
            model.push(Screen::Staff);
        }
        Err(e) => model.status = Some(model.lang.error(&e)),
    }
    Ok(())
}

/// Keys on the staff screen; false when the key is not the screen's own.
pub fn act(model: &mut Model, a: Action, _desk: &dyn DeskApi) -> Result<bool> {
    let s = &mut model.staff;
    let selected = s.list.get(s.selected).cloned();
    let change = match a {
        Action::StaffAdd => {
            model.popup = Some(Popup::StaffForm(StaffForm::add(s.units.clone())));
            return Ok(true);
        }
        Action::StaffDisable => StaffChange::Disable,
        Action::StaffEnable => StaffChange::Enable,
        Action::StaffRole => StaffChange::Role,
        _ => {
            let last = s.list.len().saturating_sub(1);
            s.selected = match a {
                Action::Up => s.selected.saturating_sub(1),
                Action::Down => (s.selected + 1).min(last),
                Action::PageUp => s.selected.saturating_sub(10),
                Action::PageDown => (s.selected + 10).min(last),
                Action::First => 0,
                Action::Last => last,
                _ => return Ok(false),
            };
            return Ok(true);
        }
    };
    if let Some(target) = selected {
        model.popup = Some(Popup::StaffForm(StaffForm::change(change, target)));
    }
    Ok(true)
}

/// Keys of a staff form: fields, confirmation, and the change itself.
/// Returns the form while it stays open.
pub fn form_key(
    model: &mut Model,
    mut f: StaffForm,
    a: Action,
    desk: &dyn DeskApi,
) -> Result<Option<StaffForm>> {
    let t = model.lang.text();
    match a {
        // A form with fields goes back to them; a bare confirmation closes.
        Action::Back if f.confirming && !f.fields.is_empty() => f.confirming = false,
        Action::Back => return Ok(None),
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Save => f.confirming = true,
        Action::Open if !f.confirming && f.focus + 1 < f.fields.len() => f.step(1),
        Action::Open if !f.confirming => f.confirming = true,
        Action::Open => match f.apply(desk) {
            Ok(s) => {
                let said = match f.change {
                    StaffChange::Add => t.staff_added,
                    StaffChange::Disable => t.staff_disabled,
                    StaffChange::Enable => t.staff_enabled,
                    StaffChange::Role => t.staff_role_set,
                };
                model.status = Some(format!(
                    "{said}{}{} {} {}",
                    t.colon,
                    s.login,
                    s.name,
                    model.lang.role(s.role)
                ));
                model.staff.load(desk, Some(&s.login))?;
                return Ok(None);
            }
            // Nothing was changed; the form stays to be corrected or left.
            Err(e) => {
                f.error = Some(model.lang.error(&e));
                f.confirming = false;
            }
        },
        _ => {}
    }
    Ok(Some(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str) -> Unit {
        Unit {
            code: code.into(),
            name: code.into(),
        }
    }

    #[test]
    fn arrows_step_the_role_and_the_unit_round_including_no_unit() {
        let mut f = StaffForm::add(vec![unit("xfj"), unit("jtj")]);
        f.focus = 2;
        f.side(-1);
        assert_eq!(f.role, Role::Admin, "back from the first role to the last");
        f.step(1);
        let mut units = Vec::new();
        for _ in 0..3 {
            f.side(1);
            units.push(f.chosen_unit().map(|u| u.code.clone()));
        }
        assert_eq!(units, [Some("xfj".into()), Some("jtj".into()), None]);
    }

    #[test]
    fn disabling_asks_only_to_confirm_and_a_role_change_starts_at_the_role_held() {
        let who = Staff {
            login: "zhangli".into(),
            name: "张丽".into(),
            role: Role::Handler,
            unit: None,
            disabled: false,
        };
        let d = StaffForm::change(StaffChange::Disable, who.clone());
        assert!(d.fields.is_empty() && d.confirming);
        let r = StaffForm::change(StaffChange::Role, who);
        assert_eq!(
            (r.fields.clone(), r.role, r.confirming),
            (vec![StaffField::Role], Role::Handler, false)
        );
    }
}
