//! Staff management on the desk (F8), for admins: the staff list, and forms
//! to add a person, disable or re-enable a login and change a role. Every
//! change goes through the service, which audits it and refuses what an
//! admin may not do (their own login, the last admin); a refusal is shown in
//! the form, worded in the desk's language.

pub mod form;

use crate::domain::{Staff, Unit};
use crate::i18n::admin_words;
use crate::service::{DeskApi, Result};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{keep, moves, popup_form, shell, unchanged, Def};
use crate::tui::widgets::input::{arrow, edit};
use crate::tui::widgets::popup::{form_box, form_last_line, FormRow};
use crate::tui::widgets::table::{move_cursor, selectable};
use form::{StaffChange, StaffField, StaffForm};
use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

#[derive(Default)]
pub struct State {
    /// Everyone, disabled logins too, by login.
    pub list: Vec<Staff>,
    pub selected: usize,
    /// The units a new person may belong to.
    pub units: Vec<Unit>,
    /// The change being made, while its form is open.
    pub form: Option<StaffForm>,
}

impl State {
    /// Reads the list again, keeping `login` selected when it is there.
    fn load(&mut self, desk: &dyn DeskApi, login: Option<&str>) -> Result<()> {
        self.list = desk.staff_list()?;
        let at = login.and_then(|l| self.list.iter().position(|s| s.login == l));
        self.selected = at.unwrap_or(self.selected.min(self.list.len().saturating_sub(1)));
        Ok(())
    }
}

pub const DEF: Def<State> = Def {
    section: "staff",
    hints: &[
        Action::StaffAdd,
        Action::StaffDisable,
        Action::StaffEnable,
        Action::StaffRole,
        Action::NextField,
        Action::Save,
        Action::Back,
        Action::Help,
    ],
    title: |_, m| admin_words(m.lang).screen_staff.into(),
    takes_text: |s| s.form.is_some(),
    opened_by: |a| (a == Action::Staff).then_some(Go::To("staff")),
    open: |_, _, _| Effect::call(open),
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |s, _, a| {
        use Action as A;
        match s.form {
            Some(_) => popup_form(a),
            None => {
                shell(a)
                    || moves(a)
                    || matches!(a, A::StaffAdd | A::StaffDisable | A::StaffEnable | A::StaffRole)
            }
        }
    },
};

/// Opens F8; a role that may not manage staff is told so by the service's
/// refusal, in the desk's language.
fn open(desk: &dyn DeskApi, s: &mut State, m: &mut Ctx) -> Result<Effect<State>> {
    match s.load(desk, None) {
        Ok(()) => {
            s.units = desk.units()?;
            Ok(Effect::Show)
        }
        Err(e) => {
            m.say_error(&e);
            Ok(Effect::None)
        }
    }
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if let Some(form) = s.form.take() {
        return form_key(s, m, form, msg);
    }
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let change = match a {
        Action::StaffAdd => {
            s.form = Some(StaffForm::add(s.units.clone()));
            return Effect::None;
        }
        Action::StaffDisable => StaffChange::Disable,
        Action::StaffEnable => StaffChange::Enable,
        Action::StaffRole => StaffChange::Role,
        _ if move_cursor(&mut s.selected, s.list.len(), a) => return Effect::None,
        _ => return Effect::Pass,
    };
    let Some(target) = s.list.get(s.selected).cloned() else {
        return Effect::None;
    };
    let form = StaffForm::change(change, target);
    if form.fields.is_empty() {
        // Disabling and enabling ask nothing but to confirm: checked now,
        // so a refusal (one's own login) is shown instead of the question.
        return ask_to_confirm(form, m);
    }
    s.form = Some(form);
    Effect::None
}

/// Keys of a staff form: fields, confirmation, and the change itself.
fn form_key(s: &mut State, m: &mut Ctx, mut f: StaffForm, msg: Msg) -> Effect<State> {
    let a = match msg {
        Msg::Action(a) => a,
        text => {
            if !edit(f.input_mut(), &text) {
                f.side(arrow(&text));
            }
            // A bare confirmation (disable, enable) stays one.
            f.confirming &= f.fields.is_empty();
            s.form = Some(f);
            return Effect::None;
        }
    };
    match a {
        // A form with fields goes back to them; a bare confirmation closes.
        Action::Back if f.confirming && !f.fields.is_empty() => f.confirming = false,
        Action::Back => return Effect::None,
        Action::NextField | Action::Down => f.step(1),
        Action::PrevField | Action::Up => f.step(-1),
        Action::Open if !f.confirming && f.focus + 1 < f.fields.len() => f.step(1),
        Action::Open if f.confirming => return apply(f, m),
        Action::Save | Action::Open if !f.confirming => return ask_to_confirm(f, m),
        _ => {}
    }
    s.form = Some(f);
    Effect::None
}

/// Asks the service whether the change would be made, then the admin to
/// confirm it; a refusal (a login that is not a Unix user name, one's own
/// login, the role already held) is shown in the form, and no question is
/// asked.
fn ask_to_confirm(mut f: StaffForm, m: &Ctx) -> Effect<State> {
    let lang = m.lang;
    Effect::call(move |desk, s: &mut State, _| {
        (f.confirming, f.error) = match f.check(desk) {
            Ok(()) => (true, None),
            Err(e) => (false, Some(lang.error(&e))),
        };
        s.form = Some(f);
        Ok(Effect::None)
    })
}

/// Makes the confirmed change and says so; a refusal stays in the form, and
/// nothing was changed.
fn apply(mut f: StaffForm, m: &Ctx) -> Effect<State> {
    let lang = m.lang;
    Effect::call(move |desk, s: &mut State, m| {
        match f.apply(desk) {
            Ok(who) => {
                let t = lang.text();
                let said = match f.change {
                    StaffChange::Add => t.staff_added,
                    StaffChange::Disable => t.staff_disabled,
                    StaffChange::Enable => t.staff_enabled,
                    StaffChange::Role => t.staff_role_set,
                };
                m.status = Some(format!(
                    "{said}{}{} {} {}",
                    t.colon,
                    who.login,
                    who.name,
                    lang.role(who.role)
                ));
                s.load(desk, Some(&who.login))?;
            }
            Err(e) => {
                f.error = Some(lang.error(&e));
                f.confirming = false;
                s.form = Some(f);
            }
        }
        Ok(Effect::None)
    })
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    draw_list(f, area, s, v);
    if let Some(form) = &s.form {
        draw_form(f, form, area, v);
    }
}

/// Everyone on the staff list, disabled logins too.
fn draw_list(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let unit_name = |code: &str| {
        let name = s
            .units
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name.as_str());
        format!("{code} {}", name.unwrap_or_default())
    };
    let rows: Vec<Vec<String>> = s
        .list
        .iter()
        .map(|x| {
            vec![
                x.login.clone(),
                x.name.clone(),
                m.lang.role(x.role).to_string(),
                x.unit.as_deref().map(unit_name).unwrap_or_default(),
                if x.disabled {
                    t.login_disabled
                } else {
                    t.login_active
                }
                .to_string(),
            ]
        })
        .collect();
    let columns = [
        (t.login, Constraint::Length(12)),
        (t.name, Constraint::Length(10)),
        (t.role, Constraint::Length(12)),
        (t.a_unit, Constraint::Min(16)),
        (t.status, Constraint::Length(8)),
    ];
    let title = format!("{} ({})", w.screen_staff, s.list.len());
    selectable(f, rows, &columns, &title, (s.selected, area), theme);
}

/// Adding a person, or changing one login: who it is, what is chosen, and
/// the question before the service is asked.
fn draw_form(f: &mut Frame, form: &StaffForm, area: Rect, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let shown = |label, value: String| FormRow {
        label,
        value,
        focused: false,
        caret: None,
    };
    let mut rows = Vec::new();
    if let Some(who) = &form.target {
        rows.push(shown(t.login, who.login.clone()));
        rows.push(shown(t.name, who.name.clone()));
        let role = m.lang.role(who.role).to_string();
        match form.change {
            StaffChange::Role => rows.push(shown(w.current_role, role)),
            _ => rows.push(shown(t.role, role)),
        }
    }
    for (i, field) in form.fields.iter().enumerate() {
        rows.push(field_row(form, *field, i == form.focus, m));
    }
    match form.change {
        StaffChange::Disable => rows.push(shown("", w.disable_means.into())),
        StaffChange::Enable => rows.push(shown("", w.enable_means.into())),
        StaffChange::Add | StaffChange::Role => {}
    }
    // A bare confirmation has nothing to go back to: Esc cancels it.
    let question = if form.fields.is_empty() {
        t.confirm_enter_esc
    } else {
        t.confirm_action
    };
    let last = form_last_line(
        form.confirming.then_some(question),
        form.error.as_deref(),
        t.form_keys,
        theme,
    );
    let mut title = form.change.action().describe(m.lang).to_string();
    if let Some(who) = &form.target {
        title = format!("{title} {}", who.login);
    }
    form_box(f, area, &title, (&rows, 10), last, theme);
}

/// The row of one field of a staff form: its label, what it holds, and the
/// caret when it is typed in.
fn field_row<'a>(form: &StaffForm, field: StaffField, focused: bool, m: &'a Ctx) -> FormRow<'a> {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let value = match field {
        StaffField::Role => format!("‹ {} ›", m.lang.role(form.role)),
        StaffField::Unit => format!(
            "‹ {} ›",
            form.chosen_unit()
                .map_or(w.no_unit.to_string(), |u| format!("{} {}", u.code, u.name))
        ),
        other => form
            .input(other)
            .map(|x| x.text().to_string())
            .unwrap_or_default(),
    };
    let label = match (field, form.change) {
        (StaffField::Role, StaffChange::Role) => w.new_role,
        (StaffField::Login, _) => t.login,
        (StaffField::Name, _) => t.name,
        (StaffField::Role, _) => t.role,
        (StaffField::Unit, _) => t.a_unit,
    };
    let caret = form
        .input(field)
        .filter(|_| focused && !form.confirming)
        .map(|x| x.caret_column());
    FormRow {
        label,
        value,
        focused,
        caret,
    }
}
