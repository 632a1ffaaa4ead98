//! Key cases (积案, Alt-k or 7 on home): a leader's own cases, a handler's
//! unit's, everyone's for supervisors, soonest deadline first, overdue ones
//! marked; Tab steps through those still in hand, the overdue and every case
//! (cleared ones too), and for supervisors and leaders the matters suggested
//! as key cases (read off the draw path: every matter is read); Enter opens
//! the matter.

use crate::domain::case::Case;
use crate::domain::permit::{may, Duty};
use crate::domain::Role;
use crate::i18n::case_screens::case_screen_words;
use crate::i18n::cases::case_words;
use crate::tui::report::Job;
use crate::service::cases::lists::{CaseOnly, CaseWho};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{open_if_permitted, browse, keep, matter_rows, Def};
use crate::tui::widgets::table::selectable;
use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

/// The lists Tab steps through; then, for those who may open cases or lead
/// them, the suggested matters.
const ONLY: [CaseOnly; 3] = [CaseOnly::Active, CaseOnly::Overdue, CaseOnly::Every];
/// The view of suggested matters (after `ONLY`).
const SUGGESTED: usize = ONLY.len();

/// Whether this role sees the matters suggested as key cases.
fn sees_suggested(role: Role) -> bool {
    role == Role::Leader || may(role, Duty::KeepCases)
}

fn views(role: Role) -> usize {
    ONLY.len() + usize::from(sees_suggested(role))
}
/// Cases read at once: more than one screen pages through.
const LIMIT: usize = 500;

#[derive(Default)]
pub struct State {
    pub rows: Vec<Case>,
    /// Staff and unit names for their logins and codes.
    pub names: crate::service::views::Names,
    pub total: usize,
    pub selected: usize,
    /// Which of `ONLY`, or `SUGGESTED`.
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
    // Receptionists see a person's case as the card's mark only.
    open: |_, m, _| {
        open_if_permitted(m, Action::Cases, crate::service::deed::SEE_CASES, || load(Effect::Show))
    },
    update,
    // Read again only while on the stack, and only for those who see cases.
    refresh: |s, m, on_stack| {
        // The suggestions read every matter: asked for again by Tab only.
        if on_stack && Action::Cases.permitted(m.role) && s.only != SUGGESTED {
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
        if s.only == SUGGESTED {
            m.report.candidates = None;
            m.report.ask(Job::Candidates(m.today));
            s.names = desk.names()?;
            return Ok(next);
        }
        let page = desk.cases(CaseWho::for_role(m.role), ONLY[s.only], m.today, LIMIT)?;
        (s.rows, s.total) = (page.rows, page.total);
        s.names = desk.names()?;
        s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        Ok(next)
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    match a {
        Action::NextList | Action::PrevList => {
            let n = views(m.role);
            let by = if a == Action::NextList { 1 } else { n - 1 };
            s.only = (s.only + by) % n;
            s.selected = 0;
            load(Effect::None)
        }
        _ if s.only == SUGGESTED => {
            let rows = m.report.candidates.as_ref().map_or(&[][..], |p| &p.rows[..]);
            matter_rows(&mut s.selected, rows, a, |c| c.matter)
        }
        _ => matter_rows(&mut s.selected, &s.rows, a, |c| c.matter),
    }
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    if s.only == SUGGESTED {
        return draw_suggested(f, area, s, v);
    }
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

/// The matters suggested as key cases, the most contacts first, with why.
fn draw_suggested(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    let w = case_words(m.lang);
    let page = m.report.candidates.as_ref();
    let rows: Vec<Vec<String>> = page
        .map_or(&[][..], |p| &p.rows[..])
        .iter()
        .map(|c| {
            let why: Vec<&str> = c
                .reasons
                .iter()
                .map(|r| match m.lang {
                    crate::i18n::Lang::Zh => r.zh(),
                    crate::i18n::Lang::En => r.en(),
                })
                .collect();
            let last = c.last_contact.map(|d| d.to_string()).unwrap_or_default();
            vec![c.matter.to_string(), c.contacts.to_string(), last, why.join("、")]
        })
        .collect();
    let columns = [
        (w.matter, Constraint::Length(11)),
        (w.contacts, Constraint::Length(8)),
        (w.last_contact, Constraint::Length(12)),
        (w.reasons, Constraint::Min(10)),
    ];
    let what = case_screen_words(m.lang).candidates;
    let count = match (page, m.report.running) {
        (None, Some((_, percent))) => format!("{} {percent}%", m.lang.text().computing),
        (p, _) => p.map_or(0, |p| p.total).to_string(),
    };
    let title = format!("{} · {what} ({count})", Action::Cases.describe(m.lang));
    selectable(f, rows, &columns, &title, (s.selected, area), v.theme);
}
