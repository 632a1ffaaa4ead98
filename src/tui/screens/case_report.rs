//! The key cases report on screen (`r` on the key cases list): per leader
//! and per unit the cases open and overdue at the period's end and those
//! opened, resolved and cleared within it, with the resolution rate; Tab
//! steps through leaders, units and the reception sessions held against the
//! rota. Enter lists the cases behind a row, and Enter there opens a matter.

use crate::domain::case::{Case, CaseStatus};
use crate::i18n::cases::case_words;
use crate::i18n::case_screens::case_screen_words;
use crate::service::cases::report::{CaseReport, CaseRow};
use crate::service::report::Rate;
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
use ratatui::text::Line;
use crate::tui::widgets::table::report_table;
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// What Tab steps through: the leaders' rows, the units' rows, the sessions.
const VIEWS: usize = 3;

#[derive(Default)]
pub struct State {
    /// 0 leaders, 1 units, 2 reception sessions.
    pub view: usize,
    /// Staff and unit names for their logins and codes.
    pub names: crate::service::views::Names,
}

pub const DEF: Def<State> = Def {
    section: "case_report",
    hints: &[Action::Help, Action::Open, Action::Export, Action::Back],
    title: |_, m| case_words(m.lang).report_title.into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::CaseReport).then_some(Go::To("case_report")),
    open: |_, m, _| match open_report::<State>(m, ask) {
        Effect::None => Effect::None,
        opened => Effect::call(move |desk, s: &mut State, _| {
            s.names = desk.names()?;
            Ok(opened)
        }),
    },
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| moves(a) || offers_report(a, &[Action::NextField, Action::PrevField, Action::Open]),
};

fn ask(r: &mut ReportState) {
    r.selected = 0;
    r.ask_cases();
}

/// The rows of the view: a leader's or a unit's.
fn rows_of(report: &CaseReport, view: usize) -> Vec<&CaseRow> {
    let by = if view == 0 { "leader" } else { "unit" };
    report.rows.iter().filter(|r| r.by == by).collect()
}

/// How many rows the view has.
fn row_count(r: &ReportState, view: usize) -> usize {
    r.cases.as_ref().map_or(0, |c| match view {
        2 => c.sessions.len(),
        v => rows_of(c, v).len(),
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let r = &mut m.report;
    // The cases behind a row: Enter opens one's matter, Esc goes back.
    if let Some(e) = drill_keys(&mut r.case_rows, &mut r.drill_selected, a, |c| c.matter) {
        return e;
    }
    if r.period_key(a) {
        ask(r);
        return Effect::None;
    }
    match a {
        Action::NextField | Action::PrevField => {
            let by = if a == Action::NextField { 1 } else { VIEWS - 1 };
            s.view = (s.view + by) % VIEWS;
            r.selected = 0;
        }
        Action::Open if s.view < 2 => {
            let row = r.cases.as_ref().and_then(|c| rows_of(c, s.view).get(r.selected).copied());
            if let Some(row) = row.cloned() {
                let name = who_name(&s.names, &row);
                r.drill_title = format!("{name} {}", case_screen_words(m.lang).cases_of);
                let period = r.picker.period();
                r.ask(Job::CaseRows { period, by: row.by, who: row.who });
            }
        }
        Action::Export => return export(m, Export::Cases),
        _ => {
            let n = row_count(r, s.view);
            if !move_cursor(&mut r.selected, n, a) {
                return Effect::Pass;
            }
        }
    }
    Effect::None
}

fn who_name<'a>(names: &'a crate::service::views::Names, row: &'a CaseRow) -> &'a str {
    if row.by == "leader" {
        names.staff(&row.who)
    } else {
        names.unit(&row.who)
    }
}

fn percent(r: &Rate) -> String {
    r.percent().map_or("—".into(), |p| format!("{p:.1}%"))
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let (w, sw) = (case_words(m.lang), case_screen_words(m.lang));
    let view = [w.by_leader, w.by_unit, sw.sessions][s.view];
    let title = format!("{} · {view}", w.report_title);
    let outer = block(&title, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let rest = period_head(f, inner, m, sw.keys, theme);
    let Some(report) = &m.report.cases else { return };
    let [table, detail] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(rest);
    let (header, body, widths) = if s.view == 2 {
        sessions_table(report, s, v)
    } else {
        rows_table(report, s, v)
    };
    if body.is_empty() {
        let none = if s.view == 2 { w.no_sessions } else { sw.no_rows };
        f.render_widget(Paragraph::new(Line::styled(none, theme.dim())), table);
        return;
    }
    report_table(f, header, body, widths, (m.report.selected, table), theme);
    let rate = &report.resolution;
    let line = format!("{} {}/{} = {}", w.resolution, rate.num, rate.den, percent(rate));
    let lines = [line.as_str(), sw.legend].map(|l| Line::styled(fit_text(l, 78), theme.dim()));
    f.render_widget(Paragraph::new(lines.to_vec()), detail);
    if let Some(list) = &m.report.case_rows {
        draw_cases(f, area, list, s, v);
    }
}

type Parts<'a> = (Vec<Cell<'a>>, Vec<Row<'a>>, Vec<Constraint>);

/// A leader's or a unit's rows.
fn rows_table<'a>(report: &CaseReport, s: &State, v: &View) -> Parts<'a> {
    let w = case_words(v.ctx.lang);
    let who = if s.view == 0 { w.leader } else { w.unit };
    let columns = case_screen_words(v.ctx.lang).columns;
    let mut header = vec![Cell::from(who)];
    header.extend(columns.map(Cell::from));
    let body = rows_of(report, s.view)
        .into_iter()
        .map(|r| {
            let late = Cell::from(r.overdue.to_string());
            Row::new(vec![
                Cell::from(fit_text(who_name(&s.names, r), 12)),
                Cell::from(r.open.to_string()),
                Cell::from(r.opened.to_string()),
                Cell::from(r.resolved.to_string()),
                Cell::from(r.cleared.to_string()),
                if r.overdue > 0 { late.style(v.theme.warn()) } else { late },
                Cell::from(percent(&r.resolution)),
            ])
        })
        .collect();
    let mut widths = vec![Constraint::Length(12)];
    widths.extend(columns.map(|c| Constraint::Length(c.width().max(4) as u16)));
    (header, body, widths)
}

/// Sessions per leader and month, on the rota and held.
fn sessions_table<'a>(report: &CaseReport, s: &State, v: &View) -> Parts<'a> {
    let w = case_words(v.ctx.lang);
    let header = [w.leader, w.month, w.planned, w.held].map(Cell::from).to_vec();
    let body = report
        .sessions
        .iter()
        .map(|r| {
            Row::new(vec![
                Cell::from(fit_text(s.names.staff(&r.leader), 12)),
                Cell::from(r.month.clone()),
                Cell::from(r.planned.to_string()),
                Cell::from(r.held.to_string()),
            ])
        })
        .collect();
    (header, body, vec![Constraint::Length(12), Constraint::Fill(1), Constraint::Fill(1), Constraint::Fill(1)])
}

/// The cases behind the selected row, in a box over the table.
fn draw_cases(f: &mut Frame, area: Rect, list: &[Case], s: &State, v: &View) {
    let m = v.ctx;
    let w = case_words(m.lang);
    let width = usize::from(area.width.saturating_sub(10));
    let rows = list
        .iter()
        .map(|c| {
            let late = c.status == CaseStatus::Open && c.due < m.today;
            let due = if late { format!("{} {}", c.due, w.overdue) } else { c.due.to_string() };
            let leader = fit_text(s.names.staff(&c.leader), 8);
            let status = m.lang.case_status(c.status);
            fit_text(&format!("{}  {leader}  {due}  {status}  {}", c.matter, c.measures), width)
        })
        .collect();
    let pick = (m.report.drill_selected, w.no_cases);
    pick_box(f, area, &m.report.drill_title, rows, pick, v.theme);
}
