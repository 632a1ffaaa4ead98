//! Lookup (F3): a name, an ID number or a phone, searched on every
//! keystroke; Enter opens the person's card. A ledger or letter number
//! finds its matter, and Enter opens the matter. The desk says how many
//! people match when it shows fewer, and PageDown at the last row shows more.

use crate::domain::permit::{may, Duty};
use crate::domain::search::{Query, MIN_TAIL_DIGITS};
use crate::i18n::{list_words, who};
use crate::service::ServiceError;
use crate::service::lookup::{Found, MatterFound, COUNT_CAP};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{browse, keep, Def};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::{column, fit};
use crate::tui::widgets::table::{move_cursor, selectable, PAGE};
use crate::tui::widgets::block;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Petitioners a lookup lists at first, and each PageDown at the end adds.
pub const LOOKUP_LIMIT: usize = 20;

#[derive(Default)]
pub struct State {
    pub query: TextInput,
    /// The people shown, best matches first.
    pub results: Vec<Found>,
    /// How many people match (counted up to `service::lookup::COUNT_CAP`).
    pub total: usize,
    /// The matters a ledger or letter number found; listed before people.
    pub matters: Vec<MatterFound>,
    /// The row selected among the matters, then the people.
    pub selected: usize,
    /// How many people to ask for: grows with PageDown at the end.
    pub limit: usize,
    /// The query shown was searched and answered (not refused, not too
    /// short to search): an empty answer is "not found".
    pub searched: bool,
}

impl State {
    /// Rows shown: the matters found, then the people.
    pub fn len(&self) -> usize {
        self.matters.len() + self.results.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// More people match than are shown.
    pub fn cut(&self) -> bool {
        self.results.len() < self.total
    }
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
    // A new query starts again from the first page.
    s.limit = LOOKUP_LIMIT;
    search(0)
}

fn left_right(s: &mut State, op: fn(&mut TextInput)) -> Effect<State> {
    op(&mut s.query);
    Effect::None
}

fn action(s: &mut State, a: Action) -> Effect<State> {
    match a {
        Action::Open => match s.matters.get(s.selected) {
            // Opening the matter ends the search, as opening a card does:
            // audited now with its final query.
            Some(m) => {
                let ledger = m.brief.ledger;
                Effect::call(move |desk, _, _| {
                    desk.lookup_done()?;
                    Ok(Effect::Go(Go::Matter(ledger)))
                })
            }
            None => match s.results.get(s.selected - s.matters.len()) {
                Some(found) => Effect::Go(Go::Card(found.id)),
                None => Effect::None,
            },
        },
        // Past the last person shown when more match: the next page.
        Action::Down | Action::PageDown | Action::Last
            if s.cut() && s.selected + 1 >= s.len() =>
        {
            s.limit = s.limit.max(s.results.len()) + LOOKUP_LIMIT;
            let step = if a == Action::PageDown { PAGE } else { 1 };
            search(s.selected + step)
        }
        // Leaving the lookup ends the search: audited with its final query.
        Action::Back => Effect::call(|desk, _, _| {
            desk.lookup_done()?;
            Ok(Effect::Back)
        }),
        _ => {
            let len = s.len();
            if move_cursor(&mut s.selected, len, a) {
                Effect::None
            } else {
                Effect::Pass
            }
        }
    }
}

/// Searches for the query as typed now, the selection kept at `keep` where
/// it can be. Queries go to the service synchronously: a lookup takes well
/// under a millisecond, so typing never waits on a frame.
fn search(keep: usize) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        // A refused query (part of a number) must not leave the last answer shown.
        s.results.clear();
        s.matters.clear();
        s.total = 0;
        s.selected = 0;
        s.searched = false;
        let query = s.query.text().to_string();
        // The first digits of a ledger number or a phone's last four are
        // not yet a search for a role that sees masked numbers: wait for
        // more rather than say it is refused.
        let masked = !may(m.role, Duty::SeeUnmasked);
        if masked && matches!(Query::parse(&query), Some(Query::Digits(d)) if d.len() < MIN_TAIL_DIGITS)
        {
            return Ok(Effect::None);
        }
        let looked = match desk.look(query, s.limit.max(LOOKUP_LIMIT)) {
            Ok(looked) => looked,
            // Part of a number: refused (and audited) by the service; the
            // desk says why and stays open for the rest of the number.
            Err(e @ ServiceError::Forbidden { .. }) => {
                m.say_error(&e);
                return Ok(Effect::None);
            }
            Err(e) => return Err(e),
        };
        (s.results, s.matters, s.total) = (looked.people, looked.matters, looked.total);
        s.searched = true;
        s.selected = keep.min(s.len().saturating_sub(1));
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
    let (t, w) = (m.lang.text(), list_words(m.lang));
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    f.render_widget(
        Paragraph::new(query_line(s, v)).block(block(t.screen_lookup, theme)),
        input,
    );
    // The real cursor at the caret, so an IME's candidate window follows it.
    let prompt = unicode_width::UnicodeWidthStr::width(t.query_prompt) as u16;
    f.set_cursor_position((input.x + 1 + prompt + s.query.caret_column(), input.y + 1));
    if s.is_empty() {
        if s.searched && !s.query.text().is_empty() {
            let said = Line::styled(w.not_found, theme.warn());
            f.render_widget(Paragraph::new(said).block(block("", theme)), list);
        }
        return;
    }
    if !s.matters.is_empty() {
        return matters(f, list, s, v);
    }
    people(f, list, s, v);
}

/// The query as typed (highlighted while F3 holds it selected), or a hint.
fn query_line<'a>(s: &'a State, v: &View) -> Line<'a> {
    let (t, w) = (v.ctx.lang.text(), list_words(v.ctx.lang));
    let theme = v.theme;
    if s.query.text().is_empty() {
        Line::from(vec![
            Span::raw(t.query_prompt),
            Span::styled(w.query_hint, theme.dim()),
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
    }
}

/// The people found, one row each, and how many match when not all are shown.
fn people(f: &mut Frame, list: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let (t, w) = (m.lang.text(), list_words(m.lang));
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
    // Each column as wide as what it shows, so the marks keep their words.
    let columns = [
        fit(t.name, column(&rows, 0), 12),
        fit(t.id_number, column(&rows, 1), 18),
        fit(t.phones, column(&rows, 2), 12),
        fit(t.town, column(&rows, 3), 12),
        fit(t.contacts, column(&rows, 4), 8),
        (t.marks, Constraint::Min(8)),
    ];
    // Fewer shown than match: say so, so a clerk does not register a
    // person already on file.
    let said = if s.total >= COUNT_CAP {
        w.shown_of_many
    } else {
        w.shown_of
    };
    let title = if s.cut() {
        said.replace("{n}", &s.results.len().to_string())
            .replace("{m}", &s.total.to_string())
            .replace("{key}", &v.key(DEF.section, Action::PageDown))
    } else {
        String::new()
    };
    selectable(f, rows, &columns, &title, (s.selected, list), theme);
}

/// The matters a ledger or letter number found; Enter opens one.
fn matters(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let (t, w) = (m.lang.text(), list_words(m.lang));
    let rows: Vec<Vec<String>> = s
        .matters
        .iter()
        .map(|x| {
            vec![
                x.brief.ledger.to_string(),
                who(&x.who, x.more),
                m.lang.state(x.brief.state).to_string(),
                x.brief.registered.to_string(),
                x.letter_no.clone().unwrap_or_default(),
                x.category_name.clone(),
                x.brief.summary.clone(),
            ]
        })
        .collect();
    let columns = [
        (t.ledger, Constraint::Length(11)),
        (w.who, Constraint::Length(10)),
        (t.state, Constraint::Length(8)),
        (w.registered, Constraint::Length(10)),
        (w.letter_no, Constraint::Length(15)),
        (t.category, Constraint::Length(8)),
        (t.summary, Constraint::Min(8)),
    ];
    selectable(f, rows, &columns, w.matters_found, (s.selected, area), theme);
}
