//! A long history shown a page at a time: the card's contacts, a matter's
//! contacts and actions. Older and Newer page by what the screen showed
//! last, so no entry is skipped and the oldest is always reachable.

use crate::tui::action::Action;
use std::cell::Cell;
use std::ops::Range;

#[derive(Debug, Default)]
pub struct Scroll {
    /// The first entry shown.
    pub top: usize,
    /// How many entries the last draw had room for (0 before the first).
    shown: Cell<usize>,
    /// How many entries the last draw had: rows, when entries wrap.
    total: Cell<usize>,
}

impl Scroll {
    /// Pages the history by Older (down) or Newer (up); false when `a` is
    /// neither. `len` counts the entries until the first draw says how
    /// many rows they take.
    pub fn key(&mut self, len: usize, a: Action) -> bool {
        let rows = self.shown.get();
        let len = if rows == 0 { len } else { self.total.get() };
        let page = if rows == 0 { super::table::PAGE } else { rows };
        // The last page is a full one once the height is known.
        let last = if rows == 0 {
            len.saturating_sub(1)
        } else {
            len.saturating_sub(rows)
        };
        self.top = match a {
            Action::Older => (self.top + page).min(last),
            Action::Newer => self.top.min(last).saturating_sub(page),
            _ => return false,
        };
        true
    }

    /// The entries of a history of `len` to draw in `rows` rows, the last
    /// page a full one; remembers `rows` for the next page.
    pub fn window(&self, len: usize, rows: usize) -> Range<usize> {
        self.shown.set(rows);
        self.total.set(len);
        let top = self.top.min(len.saturating_sub(rows));
        top..(top + rows).min(len)
    }
}

/// A history's title: `all` when every one of `total` entries is shown,
/// else `part` with `{from}` and `{to}` (counted from 1) of those `shown`;
/// `{total}` in either.
pub fn counted(all: &str, part: &str, shown: &Range<usize>, total: usize) -> String {
    let template = if shown.len() == total { all } else { part };
    template
        .replace("{total}", &total.to_string())
        .replace("{from}", &(shown.start + 1).to_string())
        .replace("{to}", &shown.end.to_string())
}

/// Draws the rows of a paged history that fit `area` in a block titled by
/// what it shows: `rows` are (entry, line) with an entry's wrapped lines in
/// a row; the title counts entries, `all` when every one is shown, `part`
/// ("{from}-{to} of {total}") when not, `none` when there is none.
pub fn draw_paged(
    f: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    (rows, total): (&[(usize, String)], usize),
    scroll: &Scroll,
    (all, part, none): (&str, &str, &str),
    theme: &crate::tui::theme::Theme,
) {
    use ratatui::text::Line;
    use ratatui::widgets::Paragraph;
    let shown = scroll.window(rows.len(), usize::from(area.height.saturating_sub(2)));
    let lines: Vec<Line> = rows[shown.clone()]
        .iter()
        .map(|(_, text)| Line::from(text.as_str()))
        .collect();
    let title = match (rows.get(shown.start), rows[shown.clone()].last()) {
        (Some((first, _)), Some((last, _))) => counted(all, part, &(*first..*last + 1), total),
        _ => none.to_string(),
    };
    f.render_widget(
        Paragraph::new(lines).block(super::block(&title, theme)),
        area,
    );
}

/// `text` in lines of at most `width` columns: broken at the last space
/// before an English word, else between characters (Chinese has no spaces).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width && !line.is_empty() {
            let at = line.rfind(' ').filter(|at| *at > 0 && w == 1 && ch != ' ');
            let rest = at.map(|at| line.split_off(at + 1)).unwrap_or_default();
            lines.push(line.trim_end().to_string());
            used = unicode_width::UnicodeWidthStr::width(rest.as_str());
            line = rest;
            if ch == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(ch);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_reaches_the_oldest_entry_and_comes_back_without_skipping() {
        let mut s = Scroll::default();
        assert_eq!(s.window(39, 6), 0..6);
        let mut seen = Vec::new();
        seen.push(0..6);
        while s.key(39, Action::Older) {
            let w = s.window(39, 6);
            if seen.last() == Some(&w) {
                break;
            }
            assert_eq!(
                w.start,
                seen.last().unwrap().end.min(33),
                "no entry skipped"
            );
            seen.push(w);
        }
        assert_eq!(
            seen.last(),
            Some(&(33..39)),
            "the oldest is shown, a full page"
        );
        s.key(39, Action::Newer);
        assert_eq!(s.window(39, 6), 27..33);
        for _ in 0..10 {
            s.key(39, Action::Newer);
        }
        assert_eq!(s.window(39, 6), 0..6);
        assert!(!s.key(39, Action::Down));
    }

    #[test]
    fn long_text_wraps_between_chinese_characters_and_at_english_spaces() {
        assert_eq!(
            wrap("集体来访反映校车超载", 8),
            ["集体来访", "反映校车", "超载"]
        );
        assert_eq!(wrap("reply sent by post", 10), ["reply sent", "by post"]);
        assert_eq!(wrap("重复 6人 反映", 8), ["重复 6人", "反映"]);
        assert_eq!(wrap("", 8), [""]);
    }

    #[test]
    fn a_short_history_does_not_scroll() {
        let mut s = Scroll::default();
        assert_eq!(s.window(3, 6), 0..3);
        s.key(3, Action::Older);
        assert_eq!(s.window(3, 6), 0..3);
        assert_eq!(s.window(0, 6), 0..0);
    }
}
