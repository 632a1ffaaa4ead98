//! Pieces every screen draws with: a bordered block, padding by display
//! width, the selectable table with its cursor, text inputs, popup boxes and
//! the tables of matters and contacts.

pub mod input;
pub mod period;
pub mod popup;
pub mod records;
pub mod scroll;
pub mod table;

use super::theme::Theme;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

/// `s` followed by spaces up to `width` display columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub fn block<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(title, theme.title()))
}
