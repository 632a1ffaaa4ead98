//! Town scorecards (F5): the towns ranked by the 三无 (or 四无) rules over
//! the picked period; Enter drills into the contacts behind a count, `z`
//! lists the villages with no contact, `e` exports the sheet.

use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::{Export, ReportState};
use crate::tui::report_screens::{export, offers_report, open_report};
use crate::tui::screen::{keep, moves, unchanged, Def};
use crate::tui::widgets::period::period_head;
use crate::tui::widgets::table::move_cursor;
use crate::tui::widgets::{block, pad};
use crate::i18n::words;
use ratatui::layout::{Constraint, Layout, Rect};
use crate::tui::widgets::table::report_table;
use ratatui::widgets::{Cell, Paragraph, Row};
use crate::domain::rules::Rules;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The report screens keep their state in `Ctx::report`, shared.
#[derive(Default)]
pub struct State;

pub const DEF: Def<State> = Def {
    section: "scorecard",
    hints: &[Action::Help, Action::Open, Action::Export, Action::Back],
    title: |_, m| words(m.lang).scorecard.into(),
    takes_text: |_| false,
    opened_by: |a| (a == Action::Scorecards).then_some(Go::To("scorecard")),
    open: |_, m, _| open_report(m, ReportState::ask_scorecard),
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: |_, _, a| moves(a) || offers_report(a, &[Action::ToggleRules, Action::ZeroVisit, Action::NextField, Action::PrevField, Action::Open]),
};

fn update(_: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let r = &mut m.report;
    if r.period_key(a) {
        r.ask_scorecard();
        return Effect::None;
    }
    match a {
        Action::ToggleRules => {
            r.four_no = !r.four_no;
            r.column = 0;
            r.ask_scorecard();
        }
        Action::NextField | Action::PrevField => {
            let n = r.rules().criteria.len().max(1);
            let by = if a == Action::NextField { 1 } else { n - 1 };
            r.column = (r.column + by) % n;
        }
        Action::Open => {
            let town = r.scores.as_ref().and_then(|s| s.get(r.selected)).cloned();
            let rules = r.rules();
            if let (Some(t), Some(c)) = (town, rules.criteria.get(r.column)) {
                return Effect::Go(Go::Drill {
                    town: t.town,
                    name: t.name,
                    criterion: c.id.clone(),
                    label: c.label.clone(),
                });
            }
        }
        Action::ZeroVisit => return Effect::Go(Go::To("villages")),
        Action::Export => return export(m, Export::Scorecard),
        _ => {
            let n = r.scores.as_ref().map_or(0, Vec::len);
            if !move_cursor(&mut r.selected, n, a) {
                return Effect::Pass;
            }
        }
    }
    Effect::None
}

/// Columns of a score bar (100 points).
const BAR: usize = 10;

/// A score as a bar of `BAR` columns, each a full tenth: rounded down, so
/// only 100 fills it and a 95 is visibly short of it.
fn bar(score: i64, ascii: bool) -> String {
    let full = score.clamp(0, 100) as usize * BAR / 100;
    let (on, off) = if ascii { ('#', '.') } else { ('█', '·') };
    std::iter::repeat_n(on, full)
        .chain(std::iter::repeat_n(off, BAR - full))
        .collect()
}

fn draw(f: &mut Frame, area: Rect, _: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let w = words(m.lang);
    let t = m.lang.text();
    let r = &m.report;
    let rules = r.rules();
    let outer = block(&rules.name, theme);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let table = period_head(f, inner, m, t.report_keys_scorecard, theme);
    let Some(scores) = &r.scores else { return };
    let fixed = [4, 10, UnicodeWidthStr::width(w.score).max(4) as u16, BAR as u16, 6];
    // Highlight symbol, then one column of spacing between columns.
    let used = 2 + fixed.iter().sum::<u16>() + (fixed.len() + rules.criteria.len()) as u16;
    let share = usize::from(table.width.saturating_sub(used)) / rules.criteria.len().max(1);
    let labels_fit = rules
        .criteria
        .iter()
        .all(|c| UnicodeWidthStr::width(c.label.as_str()) <= share);
    let table = if labels_fit {
        table
    } else {
        // Too narrow for the office's labels: numbered columns, and the
        // labels whole in a legend under the table.
        let legend = legend(&rules, r.column, usize::from(table.width), theme);
        let rows = legend.len() as u16;
        let [table, foot] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(table);
        f.render_widget(Paragraph::new(legend), foot);
        table
    };
    let mut header = vec![
        Cell::from(w.rank),
        Cell::from(w.town),
        Cell::from(w.score),
        Cell::from(""),
        Cell::from(w.result),
    ];
    for (i, c) in rules.criteria.iter().enumerate() {
        let cell = if labels_fit {
            Cell::from(c.label.as_str())
        } else {
            Cell::from(column_number(i))
        };
        header.push(if i == r.column {
            cell.style(theme.selected())
        } else {
            cell
        });
    }
    let ranks = crate::service::report::ranks(scores);
    let rows: Vec<Row> = scores
        .iter()
        .zip(ranks)
        .map(|(s, rank)| {
            let result = if s.pass { w.pass } else { w.fail };
            let mut cells = vec![
                Cell::from(format!("{rank}")),
                Cell::from(pad(&s.name, 8)),
                Cell::from(format!("{:>4}", s.score)),
                Cell::from(bar(s.score, theme.ascii)),
                Cell::from(result).style(if s.pass { theme.dim() } else { theme.warn() }),
            ];
            for c in &rules.criteria {
                let n = s.criteria.get(&c.id).copied().unwrap_or_default();
                cells.push(Cell::from(format!("{}/{}", n.batches, n.persons)));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths: Vec<Constraint> = fixed.iter().map(|w| Constraint::Length(*w)).collect();
    widths.extend(rules.criteria.iter().map(|_| Constraint::Fill(1)));
    report_table(f, header, rows, widths, (r.selected, table), theme);
}

/// A criterion's column heading where its label does not fit: `(1)`.
fn column_number(i: usize) -> String {
    format!("({})", i + 1)
}

/// `(1) 无进京赴省上访  (2) 无到市集体上访 …`, packed into lines of `width`
/// columns, the selected criterion marked.
fn legend<'a>(rules: &'a Rules, selected: usize, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut used = 0;
    for (i, c) in rules.criteria.iter().enumerate() {
        let item = format!("{} {}", column_number(i), c.label);
        let w = UnicodeWidthStr::width(item.as_str());
        let style = if i == selected { theme.selected() } else { theme.dim() };
        match lines.last_mut() {
            Some(line) if used + 2 + w <= width => {
                line.spans.push(Span::raw("  "));
                line.spans.push(Span::styled(item, style));
                used += 2 + w;
            }
            _ => {
                lines.push(Line::from(Span::styled(item, style)));
                used = w;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn only_a_full_score_fills_the_bar() {
        assert_eq!(bar(100, true), "##########");
        assert_eq!(bar(95, true), "#########.");
        assert_eq!(bar(9, true), "..........");
        assert_eq!(bar(-5, true), "..........");
    }
}
