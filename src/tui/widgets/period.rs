//! The report screens' first line: the period and what is being computed.

use crate::i18n::words;
use crate::tui::ctx::Ctx as Model;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The period line: what it covers and what is being computed.
pub fn period_line<'a>(m: &'a Model, keys: &'a str, theme: &Theme) -> Vec<Line<'a>> {
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
    vec![Line::from(head), Line::styled(keys, theme.dim())]
}
