//! Key cases (积案, Alt-k or 7 on home): a leader's own cases, a handler's
//! unit's, everyone's for supervisors, soonest deadline first, overdue ones
//! marked; Tab steps through those still in hand, the overdue and every case
//! (cleared ones too); Enter opens the matter.

use crate::domain::case::Case;
use crate::i18n::cases::case_words;
use crate::service::cases::lists::{CaseOnly, CaseWho};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{browse, keep, matter_rows, Def};
use crate::tui::widgets::table::selectable;
use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

/// The lists Tab steps through.
const ONLY: [CaseOnly; 3] = [CaseOnly::Active, CaseOnly::Overdue, CaseOnly::Every];
/// Cases read at once: more than one screen pages through.
const LIMIT: usize = 500;

#[derive(Default)]
pub struct State {
    pub rows: Vec<Case>,
    /// Staff and unit names for their logins and codes.
    pub names: crate::service::views::Names,
    pub total: usize,
    pub selected: usize,
    /// Which of `ONLY`.
    pub only: usize,
}

pub const DEF: Def<State> = Def {
    section: "cases",
    hints: &[
        Action::Help,
        Action::Open,
        Action::NextList,
        Action::CaseReport,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| Action::Cases.describe(m.lang).into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Cases).then_some(Go::To("cases")),
    open: |_, m, _| {
        // Receptionists see a person's case as the card's mark only.
        if Action::Cases.permitted(m.role) {
            load(Effect::Show)
        } else {
            m.refuse(crate::service::deed::SEE_CASES);
            Effect::None
        }
    },
    update,
    // Read again only while on the stack, and only for those who see cases.
    refresh: |_, m, on_stack| {
        if on_stack && Action::Cases.permitted(m.role) {
            load(Effect::None)
        } else {
            Effect::None
        }
    },
    hidden: keep,
    draw,
    offers: |s, m, a| {
        browse(s, m, a) || matches!(a, Action::NextList | Action::PrevList | Action::CaseReport)
    },
};

fn load(next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        let page = desk.cases(CaseWho::for_role(m.role), ONLY[s.only], m.today, LIMIT)?;
        (s.rows, s.total) = (page.rows, page.total);
        s.names = desk.names()?;
        s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        Ok(next)
    })
}

fn update(s: &mut State, _: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    match a {
        Action::NextList | Action::PrevList => {
            let by = if a == Action::NextList { 1 } else { ONLY.len() - 1 };
            s.only = (s.only + by) % ONLY.len();
            s.selected = 0;
            load(Effect::None)
        }
        _ => matter_rows(&mut s.selected, &s.rows, a, |c| c.matter),
    }
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    let w = case_words(m.lang);
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|c| {
            let late = c.status == crate::domain::case::CaseStatus::Open && c.due < m.today;
            let due = if late {
                format!("{} {}", c.due, w.overdue)
            } else {
                c.due.to_string()
            };
            vec![
                c.matter.to_string(),
                s.names.staff(&c.leader).to_string(),
                due,
                m.lang.case_status(c.status).to_string(),
                s.names.unit(&c.unit).to_string(),
                c.measures.clone(),
            ]
        })
        .collect();
    let columns = [
        (w.matter, Constraint::Length(11)),
        (w.leader, Constraint::Length(10)),
        (w.due, Constraint::Length(15)),
        (w.status, Constraint::Length(6)),
        (w.unit, Constraint::Length(8)),
        (w.measures, Constraint::Min(10)),
    ];
    let only = match ONLY[s.only] {
        CaseOnly::Overdue => w.overdue,
        CaseOnly::Every => w.all_cases,
        _ => w.in_hand,
    };
    let title = format!("{} · {only} ({})", Action::Cases.describe(m.lang), s.total);
    selectable(f, rows, &columns, &title, (s.selected, area), v.theme);
}
