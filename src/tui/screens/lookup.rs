//! Lookup (F3): a name, an ID number or a phone, searched on every
//! keystroke; Enter opens the person's card.

use crate::service::lookup::Found;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{browse, keep, Def};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{move_cursor, selectable};
use crate::tui::widgets::block;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Most petitioners a lookup lists.
pub const LOOKUP_LIMIT: usize = 20;

#[derive(Default)]
pub struct State {
    pub query: TextInput,
    pub results: Vec<Found>,
    pub selected: usize,
}

pub const DEF: Def<State> = Def {
    section: "lookup",
    hints: &[Action::Help, Action::Open, Action::Back, Action::Quit],
    title: |_, m| m.lang.text().screen_lookup.into(),
    takes_text: |_| true,
    opened_by: |a| (a == Action::Lookup).then_some(Go::To("lookup")),
    // The last query comes back selected: typing replaces it, ←/→ keep it.
    open: |s, _, _| {
        s.query.select_all();
        Effect::Show
    },
    update,
    refresh,
    hidden: keep,
    draw,
    offers: browse,
};

fn update(s: &mut State, _: &mut Ctx, msg: Msg) -> Effect<State> {
    match msg {
        Msg::Text(text) => s.query.insert(&text),
        Msg::Backspace => s.query.backspace(),
        Msg::Delete => s.query.delete(),
        Msg::Left => return left_right(s, TextInput::left),
        Msg::Right => return left_right(s, TextInput::right),
        Msg::Edit(e) if !s.query.apply(e) => return Effect::None,
        Msg::Edit(_) => {}
        Msg::Action(a) => return action(s, a),
        _ => return Effect::None,
    }
    search(0)
}

fn left_right(s: &mut State, op: fn(&mut TextInput)) -> Effect<State> {
    op(&mut s.query);
    Effect::None
}

fn action(s: &mut State, a: Action) -> Effect<State> {
    match a {
        Action::Open => match s.results.get(s.selected) {
            Some(found) => Effect::Go(Go::Card(found.id)),
            None => Effect::None,
        },
        // Leaving the lookup ends the search: audited with its final query.
        Action::Back => Effect::call(|desk, _, _| {
            desk.lookup_done()?;
            Ok(Effect::Back)
        }),
        _ if move_cursor(&mut s.selected, s.results.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

/// Searches for the query as typed now, the selection kept at `keep` where
/// it can be. Queries go to the service synchronously: a lookup takes well
/// under a millisecond, so typing never waits on a frame.
fn search(keep: usize) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, _| {
        // A refused query (part of a number) must not leave the last answer shown.
        s.results.clear();
        s.selected = 0;
        s.results = desk.lookup(s.query.text().to_string(), LOOKUP_LIMIT)?;
        s.selected = keep.min(s.results.len().saturating_sub(1));
        Ok(Effect::None)
    })
}

fn refresh(s: &mut State, _: &Ctx, _: bool) -> Effect<State> {
    if s.query.text().is_empty() {
        Effect::None
    } else {
        search(s.selected)
    }
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let text = if s.query.text().is_empty() {
        Line::from(vec![
            Span::raw(t.query_prompt),
            Span::styled(t.query_hint, theme.dim()),
        ])
    } else {
        let style = if s.query.is_selected() {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        Line::from(vec![
            Span::raw(t.query_prompt),
            Span::styled(s.query.text(), style),
        ])
    };
    f.render_widget(
        Paragraph::new(text).block(block(t.screen_lookup, theme)),
        input,
    );
    // The real cursor at the caret, so an IME's candidate window follows it.
    let prompt = unicode_width::UnicodeWidthStr::width(t.query_prompt) as u16;
    f.set_cursor_position((input.x + 1 + prompt + s.query.caret_column(), input.y + 1));
    let rows: Vec<Vec<String>> = s
        .results
        .iter()
        .map(|r| {
            let mut marks = Vec::new();
            if r.long_standing {
                marks.push(t.long_standing);
            }
            if r.key_person {
                marks.push(t.key_person);
            }
            vec![
                r.name.clone(),
                r.id_number.clone().unwrap_or_default(),
                r.phones.first().cloned().unwrap_or_default(),
                r.town
                    .as_deref()
                    .map(|c| m.town_name(c).to_string())
                    .unwrap_or_default(),
                r.contacts.to_string(),
                marks.join(" "),
            ]
        })
        .collect();
    let columns = [
        (t.name, Constraint::Length(10)),
        (t.id_number, Constraint::Length(19)),
        (t.phones, Constraint::Length(12)),
        (t.town, Constraint::Length(12)),
        (t.contacts, Constraint::Length(8)),
        (t.marks, Constraint::Min(8)),
    ];
    selectable(f, rows, &columns, "", (s.selected, list), theme);
}
