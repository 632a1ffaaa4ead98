//! Boxes over a screen: questions, menus and small forms. Whole rows under
//! a box are cleared first: a wide character straddling its edge would
//! otherwise leave half a glyph.

use super::{block, pad};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

const WIDTH: u16 = 64;

/// A box of `height` rows centred in `area`, its rows cleared edge to edge.
fn frame_rows(f: &mut Frame, area: Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    let y = area.y + (area.height - height) / 2;
    f.render_widget(Clear, Rect::new(area.x, y, area.width, height));
    let width = WIDTH.min(area.width);
    Rect::new(area.x + (area.width - width) / 2, y, width, height)
}

/// A box of lines over the screen: a question, an offer, a menu.
pub fn message_box(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, theme: &Theme) {
    let height = lines.len() as u16 + 4;
    let rect = frame_rows(f, area, height);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(title, theme)),
        rect,
    );
}

/// A list to pick from in a box over the screen (the rows behind a report's
/// number): the selected row marked and kept in view, `empty` when there is
/// none, the count after the title.
pub fn pick_box(
    f: &mut Frame,
    area: Rect,
    title: &str,
    rows: Vec<String>,
    pick: (usize, &str),
    theme: &Theme,
) {
    let (selected, empty) = pick;
    let count = rows.len();
    let mut lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            if i == selected {
                Line::from(vec![Span::raw("> "), Span::styled(text, theme.selected())])
            } else {
                Line::from(format!("  {text}"))
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(empty.to_string()));
    }
    let room = usize::from(area.height.saturating_sub(8));
    let from = selected.saturating_sub(room.saturating_sub(1));
    let shown: Vec<Line> = lines.into_iter().skip(from).take(room.max(1)).collect();
    message_box(f, area, &format!("{title} ({count})"), shown, theme);
}

/// One line of a popup form: its label, what it holds, and for the focused
/// text field the caret's display column in the value.
pub struct FormRow<'a> {
    pub label: &'a str,
    pub value: String,
    pub focused: bool,
    pub caret: Option<u16>,
}

/// A form in a box over the screen: a row per field, labels `label_width`
/// columns wide, then below a blank line `last` (the keys, the question
/// before acting, or what went wrong). The real cursor sits at the caret.
pub fn form_box(
    f: &mut Frame,
    area: Rect,
    title: &str,
    (rows, label_width): (&[FormRow], usize),
    last: Line,
    theme: &Theme,
) {
    let height = rows.len() as u16 + 5;
    let rect = frame_rows(f, area, height);
    let outer = block(title, theme);
    let inner = outer.inner(rect);
    f.render_widget(outer, rect);
    for (i, row) in rows.iter().enumerate() {
        let y = inner.y + i as u16;
        let style = if row.focused {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        f.render_widget(
            Line::from(vec![
                Span::styled(pad(row.label, label_width), style),
                Span::raw(" "),
                Span::raw(row.value.as_str()),
            ]),
            Rect::new(inner.x, y, inner.width, 1),
        );
        if let Some(column) = row.caret {
            f.set_cursor_position((inner.x + label_width as u16 + 1 + column, y));
        }
    }
    let y = inner.y + rows.len() as u16 + 1;
    f.render_widget(
        Paragraph::new(last).wrap(Wrap { trim: false }),
        Rect::new(
            inner.x,
            y,
            inner.width,
            inner.height.saturating_sub(y - inner.y),
        ),
    );
}

/// The last line of a form: the question before acting, else what went
/// wrong, else the keys.
pub fn form_last_line<'a>(
    confirming: Option<&'a str>,
    error: Option<&str>,
    keys: &'a str,
    theme: &Theme,
) -> Line<'a> {
    match (confirming, error) {
        (Some(question), _) => Line::styled(question, theme.key()),
        (None, Some(e)) => Line::styled(format!("✗ {e}"), theme.warn()),
        (None, None) => Line::styled(keys, theme.dim()),
    }
}
