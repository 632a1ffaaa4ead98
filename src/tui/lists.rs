//! The desk's work lists: which there are, how Tab steps through them, the
//! filters of the list of all open matters, and reading a list afresh.

use super::action::Action;
use super::model::{Model, Screen};
use crate::domain::MatterState;
use crate::service::queues::Queue;
use crate::service::{DeskApi, Result};

/// The lists the home screen counts and opens, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// Contacts registered at this desk today.
    Today,
    Queue(Queue),
    /// Every open matter, filtered by town, category and state.
    Open,
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
            List::Queue(Queue::MyUnit) | List::Open => return None,
        })
    }

    /// Every list, in the order Tab steps through them.
    pub const ALL: [List; 7] = [
        List::Today,
        List::Queue(Queue::Mine),
        List::Queue(Queue::MyUnit),
        List::Queue(Queue::Overdue),
        List::Queue(Queue::DueSoon),
        List::Queue(Queue::ReadyToClose),
        List::Open,
    ];

    pub(super) fn step(self, by: isize) -> List {
        let i = List::ALL.iter().position(|l| *l == self).unwrap_or(0) as isize;
        List::ALL[(i + by).rem_euclid(List::ALL.len() as isize) as usize]
    }
}

impl Model {
    /// Reads the open list again (after it changed).
    pub fn reopen_list(&mut self, desk: &dyn DeskApi) -> Result<()> {
        let selected = self.list_selected;
        open_list(self, self.list, desk)?;
        self.list_selected = selected.min(self.list_len().saturating_sub(1));
        Ok(())
    }

    /// Rows of the open work list.
    pub fn list_len(&self) -> usize {
        match self.list {
            List::Today => self.list_contacts.len(),
            List::Queue(_) | List::Open => self.list_matters.len(),
        }
    }

    /// The ledger number the selected row of the open list is about.
    pub(super) fn list_ledger(&self) -> Option<crate::domain::LedgerNo> {
        match self.list {
            List::Today => self.list_contacts.get(self.list_selected).map(|c| c.matter),
            List::Queue(_) | List::Open => self
                .list_matters
                .get(self.list_selected)
                .map(|(m, _)| m.ledger),
        }
    }
}

/// Most matters the list of all open matters shows (soonest due first).
pub const OPEN_LIMIT: usize = 500;

/// Steps one filter of the open-matters list to its next value (then none).
pub(super) fn step_filter(model: &mut Model, a: Action, desk: &dyn DeskApi) -> Result<()> {
    fn next<T: Clone + PartialEq>(all: &[T], v: &Option<T>) -> Option<T> {
        match v {
            None => all.first().cloned(),
            Some(x) => all.iter().skip_while(|y| *y != x).nth(1).cloned(),
        }
    }
    let f = &mut model.filter;
    match a {
        Action::FilterTown => {
            let all: Vec<String> = desk.towns()?.into_iter().map(|t| t.code).collect();
            f.town = next(&all, &f.town);
        }
        Action::FilterCategory => {
            let all: Vec<String> = desk.categories()?.into_iter().map(|c| c.code).collect();
            f.category = next(&all, &f.category);
        }
        _ => {
            let open: Vec<MatterState> = MatterState::ALL
                .iter()
                .copied()
                .filter(|s| s.is_open())
                .collect();
            f.state = next(&open, &f.state);
        }
    }
    Ok(())
}

/// Reads the open list's rows again, the selection kept where it can be.
pub(super) fn load_list(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    model.list_matters.clear();
    model.list_contacts.clear();
    match model.list {
        List::Today => model.list_contacts = desk.today_contacts(model.today)?,
        List::Queue(q) => model.list_matters = desk.queue(q, model.today, OPEN_LIMIT)?.rows,
        List::Open => model.list_matters = desk.open_matters(model.filter.clone(), OPEN_LIMIT)?,
    }
    model.list_selected = model.list_selected.min(model.list_len().saturating_sub(1));
    Ok(())
}

/// Shows `list`, freshly read, on the list screen (replacing an open list).
pub(super) fn open_list(model: &mut Model, list: List, desk: &dyn DeskApi) -> Result<()> {
    model.list = list;
    model.list_selected = 0;
    load_list(model, desk)?;
    if let Some(i) = List::HOME.iter().position(|l| *l == list) {
        model.home_selected = i;
    }
    model.push(Screen::List);
    Ok(())
}
