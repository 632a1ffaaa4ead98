//! What the desk screens show: the home counts, a petitioner's card with the
//! whole history, a matter with its events.

use super::{Desk, Result};
use crate::domain::derive::is_long_standing;
use crate::domain::mask::mask_id;
use crate::domain::workflow::due_date;
use crate::domain::{Contact, LedgerNo, Matter, MatterState, Petitioner};
use crate::store::keys::{date_key, read_date, text_key};
use crate::store::{WriteSet, T};
use time::{Date, Duration};

/// Due within this many days: the due-soon queue (SPEC §3).
pub const DUE_SOON_DAYS: i64 = 3;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeCounts {
    /// Contacts registered at this desk (by this user) today.
    pub today_contacts: usize,
    /// Open matters this user answers for as first receiver.
    pub my_matters: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub ready_to_close: usize,
}

fn state_of(v: &[u8]) -> Option<MatterState> {
    v.first()
        .and_then(|i| MatterState::ALL.get(usize::from(*i)))
        .copied()
}

/// A petitioner's card: identity (ID masked), marks, matters and every contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub petitioner: Petitioner,
    pub long_standing: bool,
    /// Newest first, each with its due date while open.
    pub matters: Vec<(Matter, Option<Date>)>,
    /// Every contact naming this person, newest first.
    pub contacts: Vec<Contact>,
}

impl Desk {
    pub fn home_counts(&self, today: Date) -> Result<HomeCounts> {
        let store = self.store();
        let mut c = HomeCounts::default();
        for r in store.index_prefix(T::Receiver, &text_key(&self.user().login, &[])) {
            let (_, v) = r?;
            c.my_matters += usize::from(state_of(&v).is_some_and(MatterState::is_open));
        }
        let soon = today + Duration::days(DUE_SOON_DAYS);
        for r in store.index_range(T::Due, ..=date_key(soon).to_vec()) {
            let (k, v) = r?;
            let (Some(due), Some(state)) = (read_date(&k), state_of(&v)) else {
                continue;
            };
            if state.can_be_overdue() {
                if due < today {
                    c.overdue += 1;
                } else {
                    c.due_soon += 1;
                }
            } else if due <= today {
                c.ready_to_close += 1;
            }
        }
        let towns: Vec<String> = store
            .records::<crate::domain::Town>(T::Towns)
            .map(|r| r.map(|(_, t)| t.code))
            .collect::<Result<_, _>>()?;
        let tz = store.tz();
        for town in towns {
            let mut seen: Vec<LedgerNo> = Vec::new();
            for r in store.index_prefix(T::TownDate, &text_key(&town, &date_key(today))) {
                let (k, _) = r?;
                let Some(ledger) = crate::store::keys::after_text(&k)
                    .and_then(|s| s.get(4..10))
                    .and_then(crate::store::keys::read_ledger)
                else {
                    continue;
                };
                if seen.contains(&ledger) {
                    continue;
                }
                seen.push(ledger);
                if let Some(m) = store.matter(ledger)? {
                    c.today_contacts += m
                        .contacts
                        .iter()
                        .filter(|x| {
                            x.town == town
                                && x.receiver == self.user().login
                                && x.at.local_date(tz) == today
                        })
                        .count();
                }
            }
        }
        Ok(c)
    }

    /// The full history of one petitioner. Viewing it is audited.
    pub fn petitioner_card(&self, id: u64) -> Result<Option<Card>> {
        let store = self.store();
        let Some(mut p) = store.petitioner(id)? else {
            return Ok(None);
        };
        let (cal, tz) = (store.calendar(), store.tz());
        let mut matters = Vec::new();
        let mut contacts = Vec::new();
        for l in &p.matters {
            if let Some(m) = store.matter(*l)? {
                contacts.extend(
                    m.contacts
                        .iter()
                        .filter(|c| c.petitioners.contains(&id))
                        .cloned(),
                );
                let due = due_date(&m, cal, tz);
                matters.push((m, due));
            }
        }
        matters.sort_by_key(|(m, _)| std::cmp::Reverse(m.registered_at));
        contacts.sort_by_key(|c| std::cmp::Reverse(c.at));
        let long_standing = is_long_standing(contacts.iter().map(|c| c.at.local_date(tz)));
        p.id_number = p.id_number.as_deref().map(mask_id);
        let _guard = store.lock_writes();
        let mut ws = WriteSet::new(store);
        self.audit(
            &mut ws,
            format!("petitioner {id}"),
            "viewed full history".into(),
        )?;
        ws.commit()?;
        Ok(Some(Card {
            petitioner: p,
            long_standing,
            matters,
            contacts,
        }))
    }

    /// Town code → name, for showing codes as places.
    pub fn town_names(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut out = std::collections::HashMap::new();
        for r in self.store().records::<crate::domain::Town>(T::Towns) {
            let t = r?.1;
            out.insert(t.code, t.name);
        }
        Ok(out)
    }

    pub fn matter(&self, ledger: LedgerNo) -> Result<Option<Matter>> {
        Ok(self.store().matter(ledger)?)
    }
}
