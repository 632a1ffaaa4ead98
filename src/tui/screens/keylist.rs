//! The 上访老户 / key-person list (Alt-p), for supervisors and leaders: the
//! long-standing petitioners and the flagged key persons, most recent
//! contact first, each with why they are listed, the person responsible
//! (稳控责任人) by name, how they stand and their last contact. The title
//! says the office's leaving rule. Enter opens the person's card. Knowing
//! who is long-standing reads every matter, so the list is read off the
//! draw path, and again on another desk's change at most once a minute.

use crate::domain::keylist::Listed;
use crate::i18n::case_views::{case_view_words, watch_status};
use crate::i18n::cases::case_words;
use crate::service::views::Names;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::Job;
use crate::tui::screen::{open_if_permitted, browse, keep, Def};
use crate::tui::widgets::table::{move_cursor, selectable};
use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

/// How long a list read stands before another desk's change reads it again.
const FRESH: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Default)]
pub struct State {
    pub names: Names,
    /// When the list was last asked for.
    pub asked: Option<std::time::Instant>,
    /// The office's months without a contact after which a person leaves.
    pub months: u16,
    pub selected: usize,
}

pub const DEF: Def<State> = Def {
    section: "key_persons",
    hints: &[Action::Help, Action::Open, Action::Back, Action::Quit],
    title: |_, m| Action::KeyPersons.describe(m.lang).into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::KeyPersons).then_some(Go::To("key_persons")),
    open: |_, m, _| {
        open_if_permitted(m, Action::KeyPersons, crate::service::deed::SEE_CASES, || load(Effect::Show))
    },
    update,
    refresh: |s, m, on_stack| {
        let stale = s.asked.is_none_or(|t| t.elapsed() >= FRESH);
        if on_stack && stale && Action::KeyPersons.permitted(m.role) {
            load(Effect::None)
        } else {
            Effect::None
        }
    },
    hidden: keep,
    draw,
    offers: browse,
};

fn load(next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        m.report.ask(Job::KeyPersons(m.today));
        s.asked = Some(std::time::Instant::now());
        s.names = desk.names()?;
        s.months = desk.office_rules()?.key_list_months.0;
        Ok(next)
    })
}

/// The list as last read (empty while the first reading runs).
fn rows(m: &Ctx) -> &[Listed] {
    m.report.key_persons.as_deref().unwrap_or_default()
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let rows = rows(m);
    s.selected = s.selected.min(rows.len().saturating_sub(1));
    match a {
        Action::Open => rows
            .get(s.selected)
            .map_or(Effect::None, |p| Effect::Go(Go::Card(p.petitioner))),
        _ if move_cursor(&mut s.selected, rows.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Why a person is on the list: long-standing (derived), a key person
/// (flagged) and the reason given.
fn why(p: &Listed, m: &Ctx) -> String {
    let (t, c) = (m.lang.text(), case_words(m.lang));
    let mut out = Vec::new();
    if p.long_standing {
        out.push(c.long_standing.to_string());
    }
    if let Some(r) = &p.key_person {
        out.push(format!("{}{}{r}", c.key_person, t.colon));
    }
    out.join(" ")
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    let (w, c) = (case_view_words(m.lang), case_words(m.lang));
    let listed = rows(m);
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                why(p, m),
                p.responsible
                    .as_deref()
                    .map(|r| s.names.staff(r).to_string())
                    .unwrap_or_default(),
                p.status
                    .map(|x| watch_status(m.lang, x).to_string())
                    .unwrap_or_default(),
                p.last_contact.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let columns = [
        (c.name, Constraint::Length(8)),
        (w.why, Constraint::Min(16)),
        (w.responsible, Constraint::Length(11)),
        (w.status, Constraint::Length(8)),
        (c.last_contact, Constraint::Length(12)),
    ];
    let rule = w.leaves_after.replace("{n}", &s.months.to_string());
    let count = match (&m.report.key_persons, m.report.running) {
        (None, Some((_, percent))) => format!("{} {percent}%", m.lang.text().computing),
        _ => listed.len().to_string(),
    };
    let title = format!("{} ({count}) · {rule}", Action::KeyPersons.describe(m.lang));
    selectable(f, rows, &columns, &title, (s.selected, area), v.theme);
}
