//! The desk's work lists (docs/rules.md, Deadlines): my matters as first receiver, overdue, due
//! within three days, ready to close, and today's contacts at this desk. The
//! home screen counts the same lists, so a count and its list always agree.

use super::page::{FirstN, Page};
use super::{Desk, Result};
use crate::domain::workflow::due_date;
use crate::domain::{Contact, LedgerNo, Matter, MatterState};
use crate::store::{DueMatter, Owner, Store, T};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::{Date, Duration};

/// Due within this many days: the due-soon queue (docs/rules.md, Deadlines).
pub const DUE_SOON_DAYS: i64 = 3;

/// A list of matters the desk works through, soonest due first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Queue {
    /// Open matters this user answers for as first receiver.
    Mine,
    /// Open matters of this user's unit (for handlers).
    MyUnit,
    /// Matters whose current step is past due.
    Overdue,
    /// Matters whose current step falls due within three days.
    DueSoon,
    /// Replied or decided matters whose review window has passed.
    ReadyToClose,
}

impl Queue {
    pub const ALL: [Queue; 5] = [
        Queue::Mine,
        Queue::MyUnit,
        Queue::Overdue,
        Queue::DueSoon,
        Queue::ReadyToClose,
    ];
}

/// Which open matters to list; `None` means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filter {
    pub town: Option<String>,
    pub category: Option<String>,
    pub state: Option<MatterState>,
}

/// A matter of a work list with the names a clerk reads: who petitions,
/// which unit handles it, who answers for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRow {
    pub matter: Matter,
    pub due: Option<Date>,
    /// The first petitioner's name, and how many more the matter has.
    pub who: String,
    pub more: usize,
    /// The unit's name (its code when it is not on file).
    pub unit: Option<String>,
    /// The first receiver's name (the login when not on file).
    pub first_receiver: String,
}

/// A contact of today's list, with who came and when its matter is due
/// (none once it is replied: the office then owes nothing by a date).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayRow {
    pub contact: Contact,
    pub who: String,
    pub more: usize,
    pub due: Option<Date>,
}

/// The name kept for `key`, read once.
fn cached<K: std::hash::Hash + Eq>(
    names: &mut HashMap<K, String>,
    key: K,
    read: impl FnOnce() -> Result<String>,
) -> Result<String> {
    if let Some(name) = names.get(&key) {
        return Ok(name.clone());
    }
    let name = read()?;
    names.insert(key, name.clone());
    Ok(name)
}

/// Codes and ids to names, each read once per list.
struct Names<'a> {
    store: &'a Store,
    people: HashMap<u64, String>,
    units: HashMap<String, String>,
    staff: HashMap<String, String>,
}

impl<'a> Names<'a> {
    fn new(store: &'a Store) -> Names<'a> {
        Names {
            store,
            people: HashMap::new(),
            units: HashMap::new(),
            staff: HashMap::new(),
        }
    }

    /// The first person's name and how many more.
    fn who(&mut self, ids: &[u64]) -> Result<(String, usize)> {
        let Some(&id) = ids.first() else {
            return Ok((String::new(), 0));
        };
        let store = self.store;
        let name = cached(&mut self.people, id, || {
            Ok(store.petitioner(id)?.map(|p| p.name).unwrap_or_default())
        })?;
        Ok((name, ids.len() - 1))
    }

    fn unit(&mut self, code: &str) -> Result<String> {
        let store = self.store;
        cached(&mut self.units, code.to_string(), || {
            Ok(store
                .unit(code)?
                .map_or_else(|| code.to_string(), |u| u.name))
        })
    }

    fn staff(&mut self, login: &str) -> Result<String> {
        let store = self.store;
        cached(&mut self.staff, login.to_string(), || {
            Ok(store
                .staff(login)?
                .map_or_else(|| login.to_string(), |s| s.name))
        })
    }

    fn row(&mut self, (matter, due): (Matter, Option<Date>)) -> Result<WorkRow> {
        let (who, more) = self.who(&matter.petitioners)?;
        Ok(WorkRow {
            who,
            more,
            unit: matter.unit.as_deref().map(|u| self.unit(u)).transpose()?,
            first_receiver: self.staff(&matter.first_receiver)?,
            matter,
            due,
        })
    }
}

impl Desk {
    /// `queue_page` with names in place of codes.
    pub fn work_queue(&self, queue: Queue, today: Date, limit: usize) -> Result<Page<WorkRow>> {
        let page = self.queue_page(queue, today, limit)?;
        let mut names = Names::new(self.store());
        let rows = page.rows.into_iter().map(|r| names.row(r));
        Ok(Page {
            rows: rows.collect::<Result<_>>()?,
            total: page.total,
        })
    }

    /// `open_matters` with names in place of codes.
    pub fn work_open(&self, filter: &Filter, limit: usize) -> Result<Vec<WorkRow>> {
        let mut names = Names::new(self.store());
        let rows = self.open_matters(filter, limit)?.into_iter();
        rows.map(|r| names.row(r)).collect()
    }

    /// `today_contacts` with who came and their matters' due dates.
    pub fn work_today(&self, today: Date) -> Result<Vec<TodayRow>> {
        let store = self.store();
        let (cal, tz) = (store.calendar(), store.tz());
        let mut names = Names::new(store);
        let mut due: HashMap<LedgerNo, Option<Date>> = HashMap::new();
        let mut out = Vec::new();
        for contact in self.today_contacts(today)? {
            let (who, more) = names.who(&contact.petitioners)?;
            let matter_due = match due.get(&contact.matter) {
                Some(d) => *d,
                None => {
                    let d = store
                        .matter(contact.matter)?
                        .filter(|m| m.state.can_be_overdue())
                        .and_then(|m| due_date(&m, &cal, tz));
                    due.insert(contact.matter, d);
                    d
                }
            };
            out.push(TodayRow {
                due: matter_due,
                contact,
                who,
                more,
            });
        }
        Ok(out)
    }

    /// The ledger numbers of one queue, read from the indexes alone (no matter
    /// is decoded), so the home screen counts cheaply at any scale.
    pub fn queue_ledgers(&self, queue: Queue, today: Date) -> Result<Vec<LedgerNo>> {
        let store = self.store();
        let mut out = Vec::new();
        let user = self.user();
        let owner = match queue {
            Queue::Mine => Some(Owner::FirstReceiver(&user.login)),
            // Staff without a unit have no unit queue.
            Queue::MyUnit => Some(Owner::Unit(user.unit.as_deref().unwrap_or_default())),
            _ => None,
        };
        if let Some(owner) = owner {
            if matches!(owner, Owner::FirstReceiver("") | Owner::Unit("")) {
                return Ok(out);
            }
            for r in store.matters_of(owner) {
                let (ledger, state) = r?;
                if state.is_open() {
                    out.push(ledger);
                }
            }
            return Ok(out);
        }
        // The due index is ordered by date, so the scan stops three days out.
        let soon = today + Duration::days(DUE_SOON_DAYS);
        for r in store.matters_due(..=soon) {
            let DueMatter {
                due, ledger, state, ..
            } = r?;
            let member = match queue {
                Queue::Overdue => state.can_be_overdue() && due < today,
                Queue::DueSoon => state.can_be_overdue() && due >= today,
                // Ready once the window has passed: a request on its
                // last day is still accepted.
                _ => !state.can_be_overdue() && due < today,
            };
            if member {
                out.push(ledger);
            }
        }
        Ok(out)
    }

    /// One queue's matters with their due dates, soonest due first.
    pub fn queue(&self, queue: Queue, today: Date) -> Result<Vec<(Matter, Option<Date>)>> {
        Ok(self.queue_page(queue, today, usize::MAX)?.rows)
    }

    /// The `limit` soonest due of one queue, and how long the queue is.
    pub fn queue_page(
        &self,
        queue: Queue,
        today: Date,
        limit: usize,
    ) -> Result<Page<(Matter, Option<Date>)>> {
        let store = self.store();
        let (cal, tz) = (store.calendar(), store.tz());
        let cal = &*cal;
        // Matters without a due date (none in these queues but "mine") last.
        let mut out = FirstN::new(limit, |(m, due): &(Matter, Option<Date>)| {
            (due.is_none(), *due, m.ledger)
        });
        for ledger in self.queue_ledgers(queue, today)? {
            if let Some(m) = store.matter(ledger)? {
                let due = due_date(&m, cal, tz);
                out.push((m, due));
            }
        }
        Ok(out.finish())
    }

    /// Open matters soonest due first, filtered by town, category and state;
    /// at most `limit` of them. The due index is in date order, so the scan
    /// stops once `limit` match.
    pub fn open_matters(
        &self,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<(Matter, Option<Date>)>> {
        let store = self.store();
        let (cal, tz) = (store.calendar(), store.tz());
        let cal = &*cal;
        let mut out = Vec::new();
        for r in store.matters_due(..) {
            if out.len() >= limit {
                break;
            }
            let DueMatter { ledger, state, .. } = r?;
            if filter.state.is_some_and(|s| s != state) {
                continue;
            }
            let Some(m) = store.matter(ledger)? else {
                continue;
            };
            if filter.town.as_ref().is_some_and(|t| *t != m.town)
                || filter.category.as_ref().is_some_and(|c| *c != m.category)
            {
                continue;
            }
            let due = due_date(&m, cal, tz);
            out.push((m, due));
        }
        Ok(out)
    }

    /// Contacts this user registered today (local date), newest first.
    pub fn today_contacts(&self, today: Date) -> Result<Vec<Contact>> {
        let store = self.store();
        let tz = store.tz();
        let login = &self.user().login;
        let mut out = Vec::new();
        for town in store.records::<crate::domain::Town>(T::Towns) {
            let town = town?.1.code;
            let mut seen: Vec<LedgerNo> = Vec::new();
            for ledger in store.matters_contacted_on(&town, today) {
                let ledger = ledger?;
                if seen.contains(&ledger) {
                    continue;
                }
                seen.push(ledger);
                if let Some(m) = store.matter(ledger)? {
                    out.extend(m.contacts.into_iter().filter(|c| {
                        c.town == town && &c.receiver == login && c.at.local_date(tz) == today
                    }));
                }
            }
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.at));
        Ok(out)
    }
}
