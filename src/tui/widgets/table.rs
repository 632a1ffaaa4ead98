//! The selectable table every list screen uses, and the one way its cursor
//! moves.

use super::block;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, HighlightSpacing, Row, Table, TableState};
use ratatui::Frame;

/// Rows PageUp / PageDown move: fewer than the shortest list shows at
/// 80×24, so a page keeps a few rows in view.
pub const PAGE: usize = 10;

/// Moves the selection `at` of a list of `len` rows by a cursor key;
/// false when `a` is not one.
pub fn move_cursor(at: &mut usize, len: usize, a: Action) -> bool {
    let last = len.saturating_sub(1);
    *at = match a {
        Action::Up => at.saturating_sub(1),
        Action::Down => (*at + 1).min(last),
        Action::PageUp => at.saturating_sub(PAGE),
        Action::PageDown => (*at + PAGE).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => return false,
    };
    true
}

/// A list whose selected row is marked by `> ` and its first cell in reverse
/// video: a cursor move repaints a few cells, not two whole rows (bytes on
/// a thin SSH link). The table scrolls to keep the selection in view.
/// `columns` are the headings and their widths.
pub fn selectable(
    f: &mut Frame,
    rows: Vec<Vec<String>>,
    columns: &[(&str, Constraint)],
    title: &str,
    at: (usize, Rect),
    theme: &Theme,
) {
    let rows = rows.into_iter().map(|r| (r, None)).collect();
    selectable_styled(f, rows, columns, title, at, theme);
}

/// A report's table (scorecard, units, key cases): a header row, and the
/// selected row marked whole, since a report's rows are read across.
pub fn report_table<'a, C: Into<Cell<'a>>>(
    f: &mut Frame,
    header: impl IntoIterator<Item = C>,
    rows: Vec<Row<'a>>,
    widths: Vec<Constraint>,
    (selected, area): (usize, Rect),
    theme: &Theme,
) {
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.title()))
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(Some(selected));
    f.render_stateful_widget(table, area, &mut state);
}

/// `selectable` with a style for some rows: an overdue letter in the alarm
/// style, today's session picked out.
pub fn selectable_styled(
    f: &mut Frame,
    rows: Vec<(Vec<String>, Option<Style>)>,
    columns: &[(&str, Constraint)],
    title: &str,
    (selected, area): (usize, Rect),
    theme: &Theme,
) {
    let header = Row::new(columns.iter().map(|(h, _)| *h)).style(theme.title());
    let widths = columns.iter().map(|(_, w)| *w);
    let rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (cells, style))| {
            let row = Row::new(cells.into_iter().enumerate().map(|(c, text)| {
                let cell = Cell::from(text);
                if i == selected && c == 0 {
                    cell.style(theme.selected())
                } else {
                    cell
                }
            }));
            match style {
                Some(s) => row.style(s),
                None => row,
            }
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .block(block(title, theme))
        .highlight_symbol("> ")
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(selected));
    f.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_within_the_list_and_pages_by_page() {
        let mut at = 0;
        let moves = [
            (Action::Up, 0),
            (Action::PageDown, PAGE),
            (Action::Last, 24),
            (Action::Down, 24),
            (Action::PageUp, 24 - PAGE),
            (Action::First, 0),
        ];
        for (a, want) in moves {
            assert!(move_cursor(&mut at, 25, a));
            assert_eq!(at, want, "{a:?}");
        }
        assert!(!move_cursor(&mut at, 25, Action::Open));
        move_cursor(&mut at, 0, Action::Last);
        assert_eq!(at, 0, "an empty list keeps the cursor at its top");
    }
}
