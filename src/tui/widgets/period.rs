//! The report screens' first line: the period and what is being computed.

use crate::i18n::words;
use crate::tui::ctx::Ctx as Model;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draws the period line and the screen's keys at the top of `area`, the
/// keys wrapped between groups so that none is cut off at the edge; gives
/// back the rest of `area`.
pub fn period_head(f: &mut Frame, area: Rect, m: &Model, keys: &str, theme: &Theme) -> Rect {
    let keys = key_lines(keys, usize::from(area.width));
    let rows = 1 + keys.len() as u16;
    let [head, rest] = Layout::vertical([Constraint::Length(rows), Constraint::Min(1)]).areas(area);
    let mut lines = vec![period_line(m, theme)];
    lines.extend(keys.into_iter().map(|k| Line::styled(k, theme.dim())));
    f.render_widget(Paragraph::new(lines), head);
    rest
}

/// Key groups (`m/q/y 月/季/年`, two spaces apart) packed into lines of at
/// most `width` columns.
fn key_lines(keys: &str, width: usize) -> Vec<String> {
    const GAP: &str = "  ";
    let mut lines: Vec<String> = Vec::new();
    for group in keys.split(GAP).filter(|g| !g.is_empty()) {
        match lines.last_mut() {
            Some(line) if line.width() + GAP.len() + group.width() <= width => {
                line.push_str(GAP);
                line.push_str(group);
            }
            _ => lines.push(group.to_string()),
        }
    }
    lines
}

/// The period line: what it covers and what is being computed.
fn period_line<'a>(m: &Model, theme: &Theme) -> Line<'a> {
    let w = words(m.lang);
    let t = m.lang.text();
    let p = m.report.picker.period();
    let mut head = vec![Span::styled(
        format!("{} {} {} {}", w.period, p.from, w.to, p.to),
        theme.title(),
    )];
    if let Some((_, percent)) = m.report.running {
        head.push(Span::styled(
            format!("  {} {percent}%", t.computing),
            theme.warn(),
        ));
    }
    Line::from(head)
}

#[cfg(test)]
mod tests {
    use super::key_lines;

    #[test]
    fn keys_wrap_between_groups_never_inside_one() {
        let keys = "←→ period  m/q/y month/quarter/year  Tab criterion  z villages  e export";
        let lines = key_lines(keys, 40);
        assert_eq!(
            lines,
            [
                "←→ period  m/q/y month/quarter/year",
                "Tab criterion  z villages  e export"
            ]
        );
        assert_eq!(key_lines(keys, 200), [keys]);
    }
}
