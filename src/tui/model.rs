//! The state of the desk screens and how actions change it. Drawing reads
//! this and nothing else; the clock is injected, so a render is repeatable.

use super::action::Action;
use super::input::TextInput;
use crate::domain::Matter;
use crate::i18n::Lang;
use crate::service::lookup::Found;
use crate::service::views::{Card, HomeCounts};
use crate::service::{Desk, Result};
use std::collections::HashMap;
use time::Date;

/// Most petitioners a lookup lists.
pub const LOOKUP_LIMIT: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    Lookup,
    Card,
    Matter,
    Help,
}

impl Screen {
    /// The keymap section of this screen.
    pub fn section(self) -> &'static str {
        match self {
            Screen::Home => "home",
            Screen::Lookup => "lookup",
            Screen::Card => "card",
            Screen::Matter => "matter",
            Screen::Help => "help",
        }
    }

    /// Screens whose printable keys are typed text.
    pub fn takes_text(self) -> bool {
        self == Screen::Lookup
    }
}

/// What the event loop hands to `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Action(Action),
    /// Typed or pasted text for the focused input.
    Text(String),
    Backspace,
    Delete,
    Left,
    Right,
}

pub struct Model {
    pub lang: Lang,
    pub today: Date,
    pub user: String,
    pub towns: HashMap<String, String>,
    pub stack: Vec<Screen>,
    pub home: HomeCounts,
    pub query: TextInput,
    pub results: Vec<Found>,
    pub selected: usize,
    pub card: Option<Card>,
    pub card_selected: usize,
    pub matter: Option<Matter>,
    pub matter_scroll: usize,
    /// One line of feedback, cleared by the next action.
    pub status: Option<String>,
    pub quit: bool,
}

impl Model {
    pub fn new(desk: &Desk, lang: Lang, today: Date) -> Result<Model> {
        Ok(Model {
            lang,
            today,
            user: desk.user().name.clone(),
            towns: desk.town_names()?,
            stack: vec![Screen::Home],
            home: desk.home_counts(today)?,
            query: TextInput::default(),
            results: Vec::new(),
            selected: 0,
            card: None,
            card_selected: 0,
            matter: None,
            matter_scroll: 0,
            status: None,
            quit: false,
        })
    }

    pub fn screen(&self) -> Screen {
        *self.stack.last().unwrap_or(&Screen::Home)
    }

    fn push(&mut self, s: Screen) {
        if self.screen() != s {
            self.stack.push(s);
        }
    }

    pub fn town_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.towns.get(code).map_or(code, String::as_str)
    }

    /// Rows the current list has, and the selected one.
    fn list(&mut self) -> Option<(usize, &mut usize)> {
        match self.screen() {
            Screen::Lookup => Some((self.results.len(), &mut self.selected)),
            Screen::Card => Some((
                self.card.as_ref().map_or(0, |c| c.matters.len()),
                &mut self.card_selected,
            )),
            Screen::Matter => Some((
                self.matter.as_ref().map_or(0, |m| m.events.len()),
                &mut self.matter_scroll,
            )),
            _ => None,
        }
    }
}

/// Page size for PageUp / PageDown.
const PAGE: usize = 10;

/// Applies one message. Queries go to the service synchronously: a lookup
/// takes well under a millisecond, so typing never waits on a frame.
pub fn update(model: &mut Model, msg: Msg, desk: &Desk) -> Result<()> {
    model.status = None;
    match msg {
        Msg::Text(s) => {
            model.query.insert(&s);
            return refresh_lookup(model, desk);
        }
        Msg::Backspace => {
            model.query.backspace();
            return refresh_lookup(model, desk);
        }
        Msg::Delete => {
            model.query.delete();
            return refresh_lookup(model, desk);
        }
        Msg::Left => model.query.left(),
        Msg::Right => model.query.right(),
        Msg::Action(a) => act(model, a, desk)?,
    }
    Ok(())
}

fn refresh_lookup(model: &mut Model, desk: &Desk) -> Result<()> {
    model.results = desk.lookup(model.query.text(), LOOKUP_LIMIT)?;
    model.selected = 0;
    Ok(())
}

fn act(model: &mut Model, a: Action, desk: &Desk) -> Result<()> {
    match a {
        Action::Quit => model.quit = true,
        Action::Help => model.push(Screen::Help),
        Action::Lookup => model.push(Screen::Lookup),
        Action::Home => {
            model.stack.truncate(1);
            model.home = desk.home_counts(model.today)?;
        }
        Action::Back => {
            if model.stack.len() > 1 {
                model.stack.pop();
            }
            if model.screen() == Screen::Home {
                model.home = desk.home_counts(model.today)?;
            }
        }
        Action::Open => match model.screen() {
            Screen::Lookup => {
                if let Some(f) = model.results.get(model.selected) {
                    model.card = desk.petitioner_card(f.id)?;
                    model.card_selected = 0;
                    model.push(Screen::Card);
                }
            }
            Screen::Card => {
                let ledger = model
                    .card
                    .as_ref()
                    .and_then(|c| c.matters.get(model.card_selected))
                    .map(|(m, _)| m.ledger);
                if let Some(l) = ledger {
                    model.matter = desk.matter(l)?;
                    model.matter_scroll = 0;
                    model.push(Screen::Matter);
                }
            }
            _ => {}
        },
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::First
        | Action::Last => {
            if let Some((n, sel)) = model.list() {
                let last = n.saturating_sub(1);
                *sel = match a {
                    Action::Up => sel.saturating_sub(1),
                    Action::Down => (*sel + 1).min(last),
                    Action::PageUp => sel.saturating_sub(PAGE),
                    Action::PageDown => (*sel + PAGE).min(last),
                    Action::First => 0,
                    _ => last,
                };
            }
        }
        Action::Register | Action::Matters | Action::Scorecards | Action::Statistics => {
            model.status = Some(model.lang.text().not_yet.to_string());
        }
        Action::NextField | Action::PrevField | Action::Save => {}
    }
    Ok(())
}
