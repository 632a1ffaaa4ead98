//! The leaders' reception rota (领导接访日, Alt-r): a month of sessions,
//! each its date, the leader by name, the place and the units present;
//! today's stands out. ←/→ change the month. Supervisors add (`a`), edit
//! (`e`) and remove (`d`) sessions; everyone else only looks.

use crate::domain::supervision::ReceptionDay;
use crate::domain::Unit;
use crate::i18n::case_views::case_view_words;
use crate::i18n::cases::case_words;
use crate::service::views::Names;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{keep, moves, popup_form, question, shell, Def};
use crate::tui::widgets::fields::{parse_date, Field, Form, Outcome};
use crate::tui::widgets::popup::message_box;
use crate::tui::widgets::table::{move_cursor, selectable_styled};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::Frame;
use time::{Date, Month};

#[derive(Default)]
pub struct State {
    /// The month shown: its first day.
    pub month: Option<Date>,
    pub rows: Vec<ReceptionDay>,
    pub names: Names,
    pub units: Vec<Unit>,
    /// Active leader logins and their names.
    pub leaders: Vec<(String, String)>,
    pub selected: usize,
    /// A session being added (no key) or changed (its date and leader).
    pub form: Option<(Option<(Date, String)>, Form)>,
    /// Asked whether to remove the selected session.
    pub removing: bool,
}

pub const DEF: Def<State> = Def {
    section: "rota",
    hints: &[
        Action::Help,
        Action::PrevPeriod,
        Action::NextPeriod,
        Action::RotaAdd,
        Action::RotaEdit,
        Action::RotaRemove,
        Action::Save,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| Action::ReceptionRota.describe(m.lang).into(),
    takes_text: |s| s.form.is_some(),
    opened_by: |a| (a == Action::ReceptionRota).then_some(Go::To("rota")),
    open: |s, m, _| {
        s.month.get_or_insert(first_of(m.today));
        load(Effect::Show)
    },
    update,
    refresh: |s, _, on_stack| {
        if on_stack && s.form.is_none() && !s.removing {
            load(Effect::None)
        } else {
            Effect::None
        }
    },
    hidden: keep,
    draw,
    offers: |s, _, a| {
        use Action as A;
        if s.form.is_some() {
            return popup_form(a);
        }
        if s.removing {
            return question(a);
        }
        let any = !s.rows.is_empty();
        shell(a)
            || moves(a)
            || matches!(a, A::PrevPeriod | A::NextPeriod | A::RotaAdd)
            || (any && matches!(a, A::RotaEdit | A::RotaRemove))
    },
};

fn first_of(day: Date) -> Date {
    day.replace_day(1).unwrap_or(day)
}

/// The first day of the month `by` months from `month`'s.
fn step_month(month: Date, by: i32) -> Date {
    let n = month.year() * 12 + i32::from(month.month() as u8 - 1) + by;
    let m = Month::try_from((n.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    Date::from_calendar_date(n.div_euclid(12), m, 1).unwrap_or(month)
}

fn load(next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        let from = s.month.unwrap_or(first_of(m.today));
        let to = step_month(from, 1) - time::Duration::days(1);
        s.rows = desk.reception_days(from, to)?;
        s.names = desk.names()?;
        s.units = desk.units()?;
        s.leaders = desk.active_leaders()?;
        s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        Ok(next)
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if let Some((key, mut form)) = s.form.take() {
        return match form.key(&msg) {
            Outcome::Stay => {
                s.form = Some((key, form));
                Effect::None
            }
            Outcome::Cancel => Effect::None,
            Outcome::Submit => save(s, m, key, form),
        };
    }
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    if s.removing {
        s.removing = false;
        return if a == Action::Open { remove(s, m) } else { Effect::None };
    }
    let keeper = Action::RotaAdd.permitted(m.role);
    let chosen = s.rows.get(s.selected).cloned();
    match a {
        Action::PrevPeriod | Action::NextPeriod => {
            let by = if a == Action::NextPeriod { 1 } else { -1 };
            s.month = Some(step_month(s.month.unwrap_or(first_of(m.today)), by));
            s.selected = 0;
            load(Effect::None)
        }
        Action::RotaAdd | Action::RotaEdit | Action::RotaRemove if !keeper => {
            m.refuse(crate::service::deed::RECEPTION_ROTA);
            Effect::None
        }
        Action::RotaAdd => {
            s.form = Some((None, session_form(s, m, None)));
            Effect::None
        }
        Action::RotaEdit => {
            if let Some(d) = chosen {
                let key = Some((d.date, d.leader.clone()));
                s.form = Some((key, session_form(s, m, Some(&d))));
            }
            Effect::None
        }
        Action::RotaRemove => {
            s.removing = chosen.is_some();
            Effect::None
        }
        _ if move_cursor(&mut s.selected, s.rows.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// The form of a session: date, leader (among the active leader logins),
/// place and the units present; filled from `day` when one is changed.
fn session_form(s: &State, m: &Ctx, day: Option<&ReceptionDay>) -> Form {
    let (w, c) = (case_view_words(m.lang), case_words(m.lang));
    let leaders = s.leaders.clone();
    let units: Vec<(String, String)> = s
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let (action, date, place) = match day {
        Some(d) => (Action::RotaEdit, d.date, d.place.as_str()),
        None => (Action::RotaAdd, m.today, ""),
    };
    let present = day.map(|d| d.units.clone()).unwrap_or_default();
    Form::new(
        action.describe(m.lang).into(),
        vec![
            (c.date, Field::text(&date.to_string())),
            (w.receiving, Field::choice(leaders, day.map(|d| d.leader.as_str()))),
            (c.place, Field::text(place)),
            (c.units, Field::pick(units, &present)),
        ],
        w.pick_keys,
    )
}

/// Saves the session; a changed date or leader moves it (the old one is
/// taken off once the new one is on the rota).
fn save(s: &mut State, m: &Ctx, key: Option<(Date, String)>, mut form: Form) -> Effect<State> {
    let lang = m.lang;
    let w = case_view_words(lang);
    let (Some(date), Some(leader)) = (parse_date(form.text(0)), form.chosen(1)) else {
        form.error = Some(if s.leaders.is_empty() { w.no_leaders } else { w.bad_date }.into());
        s.form = Some((key, form));
        return Effect::None;
    };
    let day = ReceptionDay {
        date,
        leader: leader.to_string(),
        place: form.text(2).to_string(),
        units: form.picked(3),
    };
    Effect::call(move |desk, s: &mut State, m| {
        let moved = key
            .clone()
            .filter(|(d, l)| (*d, l.as_str()) != (day.date, day.leader.as_str()));
        let done = desk.set_reception_day(day.clone()).and_then(|_| match moved {
            Some((d, l)) => desk.remove_reception_day(d, l),
            None => Ok(()),
        });
        match done {
            Ok(()) => {
                m.status = Some(w.session_saved.into());
                s.month = Some(first_of(day.date));
                Ok(load(Effect::None))
            }
            Err(e) => {
                form.error = Some(lang.error(&e));
                s.form = Some((key, form));
                Ok(Effect::None)
            }
        }
    })
}

fn remove(s: &State, m: &Ctx) -> Effect<State> {
    let Some(d) = s.rows.get(s.selected).cloned() else {
        return Effect::None;
    };
    let said = case_view_words(m.lang).session_removed;
    Effect::call(move |desk, _, m| {
        match desk.remove_reception_day(d.date, d.leader) {
            Ok(()) => m.status = Some(said.into()),
            Err(e) => m.say_error(&e),
        }
        Ok(load(Effect::None))
    })
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    let (w, c) = (case_view_words(m.lang), case_words(m.lang));
    let rows = s
        .rows
        .iter()
        .map(|d| {
            let today = d.date == m.today;
            let date = if today {
                format!("{} {}", d.date, w.today)
            } else {
                d.date.to_string()
            };
            let units: Vec<&str> = d.units.iter().map(|u| s.names.unit(u)).collect();
            let cells = vec![
                date,
                s.names.staff(&d.leader).to_string(),
                d.place.clone(),
                units.join(" "),
            ];
            (cells, today.then(|| v.theme.key()))
        })
        .collect();
    let columns = [
        (c.date, Constraint::Length(16)),
        (w.receiving, Constraint::Length(10)),
        (c.place, Constraint::Min(12)),
        (c.units, Constraint::Min(16)),
    ];
    let month = s.month.unwrap_or(first_of(m.today));
    let shown = w
        .rota_month
        .replace("{year}", &month.year().to_string())
        .replace("{month}", &(month.month() as u8).to_string());
    let title = format!(
        "{} · {shown} ({})",
        Action::ReceptionRota.describe(m.lang),
        s.rows.len()
    );
    selectable_styled(f, rows, &columns, &title, (s.selected, area), v.theme);
    if let Some((_, form)) = &s.form {
        form.draw(f, area, v.theme);
    }
    if s.removing {
        if let Some(d) = s.rows.get(s.selected) {
            let lines = vec![
                Line::from(format!("{} {} {}", d.date, s.names.staff(&d.leader), d.place)),
                Line::styled(w.remove_question, v.theme.key()),
            ];
            message_box(f, area, Action::RotaRemove.describe(m.lang), lines, v.theme);
        }
    }
}
