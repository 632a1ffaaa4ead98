//! A staff change as a small form: adding a person (login, name, role,
//! unit), disabling or re-enabling a login, changing a role; then a
//! confirmation.

use crate::domain::{Role, Staff, Unit};
use crate::service::staff::StaffCheck;
use crate::service::{DeskApi, Result};
use crate::tui::action::Action;
use crate::tui::widgets::input::TextInput;

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

    /// Asks the service whether the change would be made, writing nothing,
    /// before the admin is asked to confirm it: a new person's login, name
    /// and unit; a change of a login (not one's own, not the last admin, not
    /// the role it has).
    pub fn check(&self, desk: &dyn DeskApi) -> Result<()> {
        let target = self.target.as_ref().map_or("", |s| s.login.as_str());
        let change = match self.change {
            StaffChange::Add => {
                return desk.staff_add_check(
                    self.login.text().trim().to_string(),
                    self.name.text().to_string(),
                    self.role,
                    self.chosen_unit().map(|u| u.code.clone()),
                )
            }
            StaffChange::Disable => StaffCheck::Disable,
            StaffChange::Enable => StaffCheck::Enable,
            StaffChange::Role => StaffCheck::Role(self.role),
        };
        desk.staff_change_check(target.to_string(), change)
    }

    /// Makes the change through the service.
    pub fn apply(&self, desk: &dyn DeskApi) -> Result<Staff> {
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
