//! The state of the desk screens and how actions change it. Drawing reads
//! this and nothing else; the clock is injected, so a render is repeatable.

use super::action::Action;
use super::input::TextInput;
use crate::domain::{Contact, Matter};
use crate::i18n::Lang;
use crate::service::lookup::Found;
use crate::service::queues::Queue;
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
    /// One of the desk's work lists.
    List,
    Help,
}

/// The lists the home screen counts and opens, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// Contacts registered at this desk today.
    Today,
    Queue(Queue),
}

impl List {
    pub const HOME: [List; 5] = [
        List::Today,
        List::Queue(Queue::Mine),
        List::Queue(Queue::Overdue),
        List::Queue(Queue::DueSoon),
        List::Queue(Queue::ReadyToClose),
    ];

    /// The action that opens this list from the home screen, if it has one.
    pub fn action(self) -> Option<Action> {
        Some(match self {
            List::Today => Action::ListToday,
            List::Queue(Queue::Mine) => Action::ListMine,
            List::Queue(Queue::Overdue) => Action::ListOverdue,
            List::Queue(Queue::DueSoon) => Action::ListDueSoon,
            List::Queue(Queue::ReadyToClose) => Action::ListReady,
            List::Queue(Queue::MyUnit) => return None,
        })
    }

    fn step(self, by: isize) -> List {
        let i = List::HOME.iter().position(|l| *l == self).unwrap_or(0) as isize;
        List::HOME[(i + by).rem_euclid(List::HOME.len() as isize) as usize]
    }
}

impl Screen {
    /// The keymap section of this screen.
    pub fn section(self) -> &'static str {
        match self {
            Screen::Home => "home",
            Screen::Lookup => "lookup",
            Screen::Card => "card",
            Screen::Matter => "matter",
            Screen::List => "list",
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
    pub home_selected: usize,
    /// The open work list and its rows: matters, or today's contacts.
    pub list: List,
    pub list_matters: Vec<(Matter, Option<Date>)>,
    pub list_contacts: Vec<Contact>,
    pub list_selected: usize,
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
            home_selected: 0,
            list: List::Today,
            list_matters: Vec::new(),
            list_contacts: Vec::new(),
            list_selected: 0,
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

    /// Rows of the open work list.
    pub fn list_len(&self) -> usize {
        match self.list {
            List::Today => self.list_contacts.len(),
            List::Queue(_) => self.list_matters.len(),
        }
    }

    /// The ledger number the selected row of the open list is about.
    fn list_ledger(&self) -> Option<crate::domain::LedgerNo> {
        match self.list {
            List::Today => self.list_contacts.get(self.list_selected).map(|c| c.matter),
            List::Queue(_) => self
                .list_matters
                .get(self.list_selected)
                .map(|(m, _)| m.ledger),
        }
    }

    pub fn town_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.towns.get(code).map_or(code, String::as_str)
    }

    /// Rows the current list has, and the selected one.
    fn cursor(&mut self) -> Option<(usize, &mut usize)> {
        match self.screen() {
            Screen::Home => Some((List::HOME.len(), &mut self.home_selected)),
            Screen::List => Some((self.list_len(), &mut self.list_selected)),
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
        Action::ListToday
        | Action::ListMine
        | Action::ListOverdue
        | Action::ListDueSoon
        | Action::ListReady => {
            if let Some(l) = List::HOME.iter().find(|l| l.action() == Some(a)) {
                open_list(model, *l, desk)?;
            }
        }
        Action::Matters => open_list(model, List::Queue(Queue::Mine), desk)?,
        Action::NextList | Action::PrevList if model.screen() == Screen::List => {
            let by = if a == Action::NextList { 1 } else { -1 };
            open_list(model, model.list.step(by), desk)?;
        }
        Action::Open => match model.screen() {
            Screen::Home => open_list(model, List::HOME[model.home_selected], desk)?,
            Screen::List => {
                if let Some(l) = model.list_ledger() {
                    open_matter(model, l, desk)?;
                }
            }
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
                    open_matter(model, l, desk)?;
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
            if let Some((n, sel)) = model.cursor() {
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
        Action::Register | Action::Scorecards | Action::Statistics => {
            model.status = Some(model.lang.text().not_yet.to_string());
        }
        Action::NextField
        | Action::PrevField
        | Action::Save
        | Action::NextList
        | Action::PrevList => {}
    }
    Ok(())
}

/// Shows `list`, freshly read, on the list screen (replacing an open list).
fn open_list(model: &mut Model, list: List, desk: &Desk) -> Result<()> {
    model.list = list;
    model.list_selected = 0;
    model.list_matters.clear();
    model.list_contacts.clear();
    match list {
        List::Today => model.list_contacts = desk.today_contacts(model.today)?,
        List::Queue(q) => model.list_matters = desk.queue(q, model.today)?,
    }
    if let Some(i) = List::HOME.iter().position(|l| *l == list) {
        model.home_selected = i;
    }
    model.push(Screen::List);
    Ok(())
}

fn open_matter(model: &mut Model, ledger: crate::domain::LedgerNo, desk: &Desk) -> Result<()> {
    model.matter = desk.matter(ledger)?;
    model.matter_scroll = 0;
    model.push(Screen::Matter);
    Ok(())
}
