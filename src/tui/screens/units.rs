//! Unit performance (u on the brief): each responsible unit's matters
//! received, its rates and its matters overdue now, ranked; Tab picks the
//! measure, Enter lists the matters behind the selected unit's number and
//! Enter there opens one. The selected unit's numerators and denominators
//! stand on a line under the table.

use crate::i18n::{brief_words, words};
use crate::service::report::{Rate, UnitMeasure, UnitRow};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::{Export, Job, ReportState};
use crate::tui::report_screens::{drill_keys, export, offers_report, open_report};
use crate::tui::screen::{keep, moves, unchanged, Def};
use crate::tui::widgets::period::period_head;
use crate::tui::widgets::popup::pick_box;
use crate::tui::widgets::table::move_cursor;
use crate::tui::widgets::{block, fit_text};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use crate::tui::widgets::table::report_table;
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

#[derive(Default)]
pub struct State {
    /// The measure Tab has picked (an index of `UnitMeasure::ALL`).
    pub measure: usize,
}

pub const DEF: Def<State> = Def {
    section: "units",
    hints: &[Action::Help, Action::Open, Action::Export, Action::Back],
    title: |_, m| brief_words(m.lang).units.into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Units).then_some(Go::To("units")),
    open: |_, m, _| open_report(m, ReportState::ask_units),
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| moves(a) || offers_report(a, &[Action::NextField, Action::PrevField, Action::Open]),
};

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let r = &mut m.report;
    // The matters behind a number: Enter opens one, Esc goes back to the table.
    if let Some(e) = drill_keys(&mut r.unit_matters, &mut r.drill_selected, a, |(l, _)| *l) {
        return e;
    }
    if r.period_key(a) {
        r.ask_units();
        return Effect::None;
    }
    let n = UnitMeasure::ALL.len();
    match a {
        Action::NextField => s.measure = (s.measure + 1) % n,
        Action::PrevField => s.measure = (s.measure + n - 1) % n,
        Action::Open => {
            let unit = r.units.as_ref().and_then(|u| u.get(r.selected));
            if let Some((unit, name)) = unit.map(|u| (u.unit.clone(), u.name.clone())) {
                let measure = heading(m.lang, UnitMeasure::ALL[s.measure]);
                let name = if unit.is_empty() { brief_words(m.lang).no_unit.to_string() } else { name };
                r.drill_title = format!("{name} · {measure}");
                let period = r.picker.period();
                r.ask(Job::UnitMatters {
                    period,
                    unit,
                    measure: UnitMeasure::ALL[s.measure],
                });
            }
        }
        Action::Export => return export(m, Export::Units),
        _ => {
            let n = r.units.as_ref().map_or(0, Vec::len);
            if !move_cursor(&mut r.selected, n, a) {
                return Effect::Pass;
            }
        }
    }
    Effect::None
}

fn percent(r: &Rate) -> String {
    r.percent().map_or("—".into(), |p| format!("{p:.1}%"))
}

/// A row's cell for one measure: a count, or a rate as a percentage.
fn measure_cell(row: &UnitRow, m: UnitMeasure) -> String {
    match m {
        UnitMeasure::Received => row.received.to_string(),
        UnitMeasure::TimelyAcceptance => percent(&row.timely_acceptance),
        UnitMeasure::OnTime => percent(&row.on_time),
        UnitMeasure::OverdueNow => row.overdue_now.to_string(),
        UnitMeasure::Participation => percent(&row.participation),
        UnitMeasure::Satisfaction => percent(&row.satisfaction),
    }
}

fn heading(lang: crate::i18n::Lang, m: UnitMeasure) -> &'static str {
    let b = brief_words(lang);
    match m {
        UnitMeasure::Received => b.col_received,
        UnitMeasure::TimelyAcceptance => b.col_timely,
        UnitMeasure::OnTime => b.col_on_time,
        UnitMeasure::OverdueNow => b.col_overdue,
        UnitMeasure::Participation => b.col_rated,
        UnitMeasure::Satisfaction => b.col_satisfied,
    }
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let b = brief_words(m.lang);
    let outer = block(b.units, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let rest = period_head(f, inner, m, b.keys_units, theme);
    let Some(rows) = &m.report.units else { return };
    let [table, detail] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(rest);
    let mut header = vec![Cell::from(words(m.lang).rank), Cell::from(b.unit)];
    for (i, measure) in UnitMeasure::ALL.iter().enumerate() {
        let cell = Cell::from(heading(m.lang, *measure));
        header.push(if i == s.measure { cell.style(theme.selected()) } else { cell });
    }
    let body: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let name = if r.unit.is_empty() { b.no_unit } else { r.name.as_str() };
            let mut cells = vec![Cell::from(format!("{}", i + 1)), Cell::from(fit_text(name, 12))];
            cells.extend(UnitMeasure::ALL.iter().map(|x| Cell::from(measure_cell(r, *x))));
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![Constraint::Length(4), Constraint::Length(12)];
    widths.extend(UnitMeasure::ALL.iter().map(|_| Constraint::Fill(1)));
    report_table(f, header, body, widths, (m.report.selected, table), theme);
    if let Some(row) = rows.get(m.report.selected) {
        f.render_widget(Paragraph::new(detail_line(row, v)), detail);
    }
    if let Some(list) = &m.report.unit_matters {
        draw_matters(f, area, list, v);
    }
}

/// The selected unit's rates with their numerators and denominators.
fn detail_line<'a>(row: &UnitRow, v: &View) -> Line<'a> {
    let b = brief_words(v.ctx.lang);
    let parts = [
        (b.col_timely, &row.timely_acceptance),
        (b.col_on_time, &row.on_time),
        (b.col_rated, &row.participation),
        (b.col_satisfied, &row.satisfaction),
    ]
    .map(|(name, r)| format!("{name} {}/{}", r.num, r.den));
    let text = fit_text(&parts.join("  "), 78);
    Line::from(Span::styled(text, v.theme.dim()))
}

/// The matters behind the selected number, in a box over the table.
fn draw_matters(f: &mut Frame, area: Rect, list: &[(crate::domain::LedgerNo, Option<bool>)], v: &View) {
    let m = v.ctx;
    let b = brief_words(m.lang);
    let rows = list
        .iter()
        .map(|(ledger, hit)| {
            let mark = match hit {
                Some(true) => b.hit,
                Some(false) => b.miss,
                None => "",
            };
            format!("{ledger}  {mark}")
        })
        .collect();
    let pick = (m.report.drill_selected, b.no_matters);
    pick_box(f, area, &m.report.drill_title, rows, pick, v.theme);
}
