//! Notices issued and not yet delivered (6 on home): a work list, oldest
//! first, each with its matter, kind, number, when and by whom it was
//! issued; Enter opens the matter, where its delivery is recorded.

use crate::i18n::notice_words;
use crate::service::notice::Undelivered;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{browse, keep, matter_rows, Def};
use crate::tui::widgets::table::selectable;
use ratatui::layout::{Constraint, Rect};
use ratatui::Frame;

#[derive(Default)]
pub struct State {
    pub rows: Vec<Undelivered>,
    pub selected: usize,
}

pub const DEF: Def<State> = Def {
    section: "undelivered",
    hints: &[Action::Help, Action::Open, Action::Back, Action::Quit],
    title: |_, m| Action::ListUndelivered.describe(m.lang).into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::ListUndelivered).then_some(Go::To("undelivered")),
    open: |_, _, _| load(Effect::Show),
    update,
    refresh: |_, _, on_stack| if on_stack { load(Effect::None) } else { Effect::None },
    hidden: keep,
    draw,
    offers: browse,
};

fn load(next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, _| {
        s.rows = desk.undelivered_notices()?;
        s.rows.sort_by_key(|r| (r.issued_at, r.ledger));
        s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        Ok(next)
    })
}

fn update(s: &mut State, _: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    matter_rows(&mut s.selected, &s.rows, a, |r| r.ledger)
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    let t = notice_words(m.lang);
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let at = r.issued_at.to_datetime(m.tz);
            vec![
                r.ledger.to_string(),
                m.lang.notice_kind(r.kind).to_string(),
                r.doc_no.clone(),
                format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute()),
                r.by.clone(),
            ]
        })
        .collect();
    let [ledger, number, kind, issued, by] = t.undelivered_header;
    let columns = [
        (ledger, Constraint::Length(11)),
        (kind, Constraint::Length(14)),
        (number, Constraint::Min(16)),
        (issued, Constraint::Length(16)),
        (by, Constraint::Length(10)),
    ];
    let title = format!("{} ({})", Action::ListUndelivered.describe(m.lang), s.rows.len());
    selectable(f, rows, &columns, &title, (s.selected, area), v.theme);
}
