//! Pieces every screen draws with: a bordered block, padding by display
//! width, the selectable table with its cursor, text inputs, popup boxes and
//! the tables of matters and contacts.

pub mod fields;
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

/// `s` in at most `width` display columns: whole if it fits, else cut
/// between characters and ended with `…`, so that a shortened text says so.
pub fn fit_text(s: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

pub fn block<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(title, theme.title()))
}

#[cfg(test)]
mod tests {
    use super::fit_text;

    #[test]
    fn a_text_too_wide_is_cut_with_an_ellipsis_and_never_overflows() {
        assert_eq!(fit_text("城关街道", 8), "城关街道");
        assert_eq!(fit_text("城关街道", 7), "城关街…");
        assert_eq!(fit_text("城关街道", 6), "城关…");
        assert_eq!(fit_text("Skip-level", 6), "Skip-…");
    }
}
