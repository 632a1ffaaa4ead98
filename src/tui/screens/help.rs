//! Help (F1): the keys of the screen below, with what each does; on the
//! statistics screen its own keys and the definitions of its numbers.

use crate::tui::action::Action;
use crate::tui::ctx::View;
use crate::tui::effect::{Edit, Effect, Go};
use crate::tui::screen::{keep, only_shell_keys, shell, unchanged, Def};
use crate::tui::widgets::block;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

#[derive(Default)]
pub struct State;

pub const DEF: Def<State> = Def {
    section: "help",
    hints: &[Action::Back, Action::Quit],
    title: |_, m| m.lang.text().screen_help.into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Help).then_some(Go::To("help")),
    open: |_, _, _| Effect::Show,
    update: only_shell_keys,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| shell(a),
};

/// The actions of the statistics screen, whose help also defines the rates.
const STATS_KEYS: &[Action] = &[
    Action::Help,
    Action::PrevPeriod,
    Action::NextPeriod,
    Action::PeriodMonth,
    Action::PeriodQuarter,
    Action::PeriodYear,
    Action::Export,
    Action::Back,
    Action::Quit,
];

/// The keys of a text field, on a screen taking text now; on the
/// registration form also how a person on file is picked.
fn editing(v: &View) -> Vec<(String, &'static str)> {
    if !v.below_takes_text {
        return Vec::new();
    }
    let t = v.ctx.lang.text();
    let mut rows = vec![("Left / Right".to_string(), t.key_caret_or_choice)];
    if v.below == "register" {
        rows.push(("Up / Down / Enter".to_string(), t.key_pick_candidate));
    }
    for e in Edit::ALL {
        let what = match e {
            Edit::Start => t.key_field_start,
            Edit::End => t.key_field_end,
            Edit::Clear => t.key_field_clear,
            Edit::DeleteWord => t.key_delete_word,
        };
        rows.push((e.keys().to_string(), what));
    }
    rows
}

/// Every action bound on the screen below help, with its keys, in two
/// columns so the whole map fits 80×24; on the statistics screen its own
/// keys and the definitions of its numbers.
fn draw(f: &mut Frame, area: Rect, _: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    // The statistics' help: the screen's own keys, then how each number is
    // worked out, so a reader can check it by hand.
    let stats = v.below == "stats";
    let rows: Vec<Row> = Action::ALL
        .iter()
        .filter(|a| !stats || STATS_KEYS.contains(a))
        .filter(|a| (v.below_offers)(**a))
        .filter_map(|a| {
            let bound = (v.keys)(v.below, *a);
            (!bound.is_empty())
                .then(|| Row::new(vec![bound.join(" / "), a.describe(m.lang).to_string()]))
        })
        .chain(editing(v).into_iter().map(|(k, d)| Row::new(vec![k, d.to_string()])))
        .collect();
    let outer = block(t.screen_help, theme);
    let mut inner = outer.inner(area);
    f.render_widget(outer, area);
    if stats {
        let w = crate::i18n::words(m.lang);
        let keys_height = (rows.len().div_ceil(2) + 1) as u16;
        let [top, notes] =
            Layout::vertical([Constraint::Length(keys_height), Constraint::Min(1)]).areas(inner);
        inner = top;
        // Each definition names its rate first: no heading, so all fit 80×24.
        let lines: Vec<Line> = w.definitions.iter().map(|d| Line::from(*d)).collect();
        f.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
            notes,
        );
    }
    let columns: [Rect; 2] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    let per_column = usize::from(inner.height.saturating_sub(1)).max(1);
    let mut rows = rows.into_iter();
    for column in columns {
        let chunk: Vec<Row> = rows.by_ref().take(per_column).collect();
        let header = Row::new(vec![t.key, t.action]).style(theme.title());
        f.render_widget(
            Table::new(chunk, [Constraint::Length(18), Constraint::Fill(1)]).header(header),
            column,
        );
    }
}
