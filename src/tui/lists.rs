//! The desk's work lists: which there are and how Tab steps through them.

use super::action::Action;
use crate::service::queues::Queue;

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

    pub fn step(self, by: isize) -> List {
        let i = List::ALL.iter().position(|l| *l == self).unwrap_or(0) as isize;
        List::ALL[(i + by).rem_euclid(List::ALL.len() as isize) as usize]
    }
}
