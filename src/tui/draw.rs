//! Drawing: the frame around the screen on top (title bar, status line,
//! hints), a pure function of the model, the keymap and the theme.

use super::action::Action;
use super::ctx::View;
use super::keymap::Keymap;
use super::model::{Model, Screen};
use super::theme::Theme;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether a terminal of this size shows the desk. Smaller, the desk says
/// so and takes no key but quit: a key acting unseen could close matters.
pub fn fits(width: u16, height: u16) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}

pub fn draw(f: &mut Frame, m: &Model, keys: &Keymap, theme: &Theme) {
    frame(f, m, keys, theme);
    if theme.ascii {
        plain(f);
    }
}

/// `--ascii`: every symbol some terminals draw two columns wide, wherever
/// it comes from (a border, a hint, a choice's ‹ ›, a word), is drawn as its
/// ASCII stand-in, so that no column shifts.
fn plain(f: &mut Frame) {
    for cell in f.buffer_mut().content.iter_mut() {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Some(a) = super::theme::ascii_for(c) {
                cell.set_char(a);
            }
        }
    }
}

/// The title bar, the screen on top, the status line and the hints.
fn frame(f: &mut Frame, m: &Model, keys: &Keymap, theme: &Theme) {
    let area = f.area();
    let t = m.ctx.lang.text();
    if !fits(area.width, area.height) {
        let quit = keys.keys_for("global", Action::Quit);
        let lines = vec![
            Line::from(format!("{} ({}×{})", t.too_small, area.width, area.height)),
            Line::from(format!(
                "{}{}",
                t.too_small_keys,
                quit.first().map(|k| k.to_string()).unwrap_or_default()
            )),
        ];
        f.render_widget(
            Paragraph::new(lines)
                .style(theme.warn())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let screen = m.screen();
    let title = m.s.title(screen, &m.ctx);
    f.render_widget(
        Line::from(vec![
            Span::styled(format!(" xfdesk {} ", t.app_title), theme.title()),
            Span::raw(format!("│ {title} │ {} │ {}", m.ctx.user, m.ctx.today)),
        ]),
        header,
    );
    let bound = |section: &str, a| bound_keys(m, keys, section, a);
    let below = m.stack.iter().rev().nth(1).copied().unwrap_or(Screen::Home);
    let below_offers = |a| m.s.offers(below, &m.ctx, a);
    let view = View {
        ctx: &m.ctx,
        theme,
        keys: &bound,
        below: below.section(),
        below_offers: &below_offers,
        below_takes_text: m.s.takes_text(below),
    };
    m.s.draw(screen, f, body, &view);
    if let Some(s) = &m.ctx.status {
        f.render_widget(Span::styled(s.as_str(), theme.warn()), status);
    }
    f.render_widget(hints(m, keys, theme, footer.width), footer);
}

/// The keys that do `a` on the screen of `section`, shortest first: on a
/// screen taking text now, not those a text field takes (Home, End…).
fn bound_keys(m: &Model, keys: &Keymap, section: &str, a: Action) -> Vec<String> {
    let typing = Screen::from_section(section).is_some_and(|s| m.s.takes_text(s));
    keys.keys_for(section, a)
        .iter()
        .filter(|k| !(typing && k.line_edit().is_some()))
        .map(|k| k.to_string())
        .collect()
}

/// The actions the screen offers now, for this person, with their keys, in
/// `width` columns: where they do not all fit, the screen's own actions
/// give way from the last (F1 lists them all) and help, back and quit stay.
fn hints<'a>(m: &'a Model, keys: &Keymap, theme: &Theme, width: u16) -> Line<'a> {
    let screen = m.screen();
    let mut items: Vec<(Action, String, String)> = screen
        .hints()
        .iter()
        .filter(|a| m.s.offers(screen, &m.ctx, **a))
        .filter_map(|a| {
            let key = bound_keys(m, keys, screen.section(), *a).first()?.clone();
            Some((*a, key, format!(" {}  ", a.describe(m.ctx.lang))))
        })
        .collect();
    let used = |items: &[(Action, String, String)]| -> usize {
        items
            .iter()
            .map(|(_, k, d)| k.width() + d.width())
            .sum::<usize>()
    };
    let stays = |a: Action| matches!(a, Action::Help | Action::Back | Action::Quit);
    while used(&items) > usize::from(width) + 2 {
        let Some(i) = items.iter().rposition(|(a, ..)| !stays(*a)) else {
            break;
        };
        items.remove(i);
    }
    let mut spans = Vec::new();
    for (_, key, describe) in items {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(describe));
    }
    Line::from(spans)
}
