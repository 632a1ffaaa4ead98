//! Villages with no contact in the period (零访村), from the scorecard's `z`.

use crate::i18n::words;
use crate::tui::ctx::View;
use crate::tui::effect::Effect;
use crate::tui::report::Job;
use crate::tui::screen::{keep, no_key, only_shell_keys, shell, unchanged, Def};
use crate::tui::action::Action;
use crate::tui::widgets::period::period_head;
use crate::tui::widgets::{block, pad};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Default)]
pub struct State;

pub const DEF: Def<State> = Def {
    section: "villages",
    hints: &[Action::Back, Action::Quit],
    title: |_, m| words(m.lang).zero_visit.into(),
    takes_text: |_| false,
    opened_by: no_key,
    open: |_, m, _| {
        m.report.villages = None;
        let period = m.report.picker.period();
        m.report.ask(Job::ZeroVisit(period));
        Effect::Show
    },
    update: only_shell_keys,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| shell(a),
};

fn draw(f: &mut Frame, area: Rect, _: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = words(m.lang);
    let t = m.lang.text();
    let r = &m.report;
    let count = r.villages.as_ref().map_or(0, Vec::len);
    let title = format!("{} ({count})", w.zero_visit);
    let outer = block(&title, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let list = period_head(f, inner, m, "", theme);
    let Some(villages) = &r.villages else { return };
    let lines: Vec<Line> = villages
        .iter()
        .map(|v| {
            Line::from(format!(
                "{}  {}  {}",
                pad(m.town_name(&v.town), 10),
                v.code,
                v.name
            ))
        })
        .collect();
    if lines.is_empty() {
        f.render_widget(Paragraph::new(t.no_data), list);
    } else {
        f.render_widget(Paragraph::new(lines), list);
    }
}
