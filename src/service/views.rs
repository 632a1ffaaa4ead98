//! What the desk screens show: the home counts, a petitioner's card with the
//! whole history, a matter with its events.

use super::queues::Queue;
use super::{deed, Desk, Result, ServiceError};
use crate::domain::derive::is_long_standing;
use crate::domain::mask::{mask_id, mask_other_doc, mask_petitioner};
use crate::domain::permit::{may, Duty};
use crate::domain::workflow::due_date;
use crate::domain::{Contact, LedgerNo, Matter, Petitioner, PetitionerId};
use crate::store::{WriteSet, T};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HomeCounts {
    /// Contacts registered at this desk (by this user) today.
    pub today_contacts: usize,
    /// Open matters this user answers for as first receiver.
    pub my_matters: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub ready_to_close: usize,
}

/// A petitioner's card: identity, marks, matters and every contact.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    /// ID number, other document and phones masked, for every role.
    pub petitioner: Petitioner,
    pub long_standing: bool,
    /// Newest first, each with its due date while open.
    pub matters: Vec<(Matter, Option<Date>)>,
    /// Every contact naming this person, newest first.
    pub contacts: Vec<Contact>,
    /// Their matters that are key cases not yet cleared (积案): a mark on
    /// the card every role sees.
    #[serde(default)]
    pub open_cases: Vec<LedgerNo>,
    /// Who answers for the person on the key-person list (稳控责任人) and
    /// how they stand, when someone was named.
    #[serde(default)]
    pub watch: Option<crate::domain::keylist::Watch>,
}

/// The names behind the codes a matter carries, so that the desk shows
/// 教育 and 县自然资源局 and 张丽, not `jy`, `zrj` and `zhangli`. A code
/// not on file is shown as itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Names {
    /// Category code → name.
    pub categories: HashMap<String, String>,
    /// Unit code → name.
    pub units: HashMap<String, String>,
    /// Staff login → display name (disabled logins too: old records name them).
    pub staff: HashMap<String, String>,
}

impl Names {
    pub fn category<'a>(&'a self, code: &'a str) -> &'a str {
        self.categories.get(code).map_or(code, String::as_str)
    }

    pub fn unit<'a>(&'a self, code: &'a str) -> &'a str {
        self.units.get(code).map_or(code, String::as_str)
    }

    pub fn staff<'a>(&'a self, login: &'a str) -> &'a str {
        self.staff.get(login).map_or(login, String::as_str)
    }
}

/// A petitioner's numbers in full, as `Desk::reveal` shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Revealed {
    pub id_number: Option<String>,
    /// Another identity document, "kind:number".
    pub other_doc: Option<String>,
    pub phones: Vec<String>,
}

impl Desk {
    /// The counts of the home screen: the lengths of the desk's lists.
    pub fn home_counts(&self, today: Date) -> Result<HomeCounts> {
        let count = |q| self.queue_ledgers(q, today).map(|l| l.len());
        Ok(HomeCounts {
            today_contacts: self.today_contacts(today)?.len(),
            my_matters: count(Queue::Mine)?,
            overdue: count(Queue::Overdue)?,
            due_soon: count(Queue::DueSoon)?,
            ready_to_close: count(Queue::ReadyToClose)?,
        })
    }

    /// The full history of one petitioner, numbers masked (see `reveal`).
    /// Any role may view it; viewing it is audited.
    pub fn petitioner_card(&self, id: u64) -> Result<Option<Card>> {
        // The search that found this person ends here.
        self.lookup_done()?;
        self.pace_lookup(1.0)?;
        let store = self.store();
        let Some(mut p) = store.petitioner(id)? else {
            return Ok(None);
        };
        let (cal, tz) = (store.calendar(), store.tz());
        let cal = &*cal;
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
        let open_cases = super::cases::open_cases_of(store, &p.matters)?;
        let watch = store.watch(id)?;
        let long_standing = is_long_standing(contacts.iter().map(|c| c.at.local_date(tz)));
        mask_petitioner(&mut p);
        let _guard = store.lock_writes()?;
        let mut ws = WriteSet::new(store);
        self.audit(
            &mut ws,
            super::audit::petitioner_record(id),
            "viewed full history".into(),
        )?;
        ws.commit()?;
        Ok(Some(Card {
            petitioner: p,
            long_standing,
            matters,
            contacts,
            open_cases,
            watch,
        }))
    }

    /// The whole ID number, other document and phones of one petitioner, for
    /// roles that may see them unmasked (supervisors, admins); receptionists
    /// and handlers get the phones only, to call back. Lists and cards
    /// stay masked for them too: every look at the whole numbers goes through
    /// here, and each is audited and flushed before it is shown.
    pub fn reveal(&self, petitioner: PetitionerId) -> Result<Revealed> {
        let whole_ids = may(self.user().role, Duty::SeeUnmasked);
        if !whole_ids {
            self.require(Duty::RevealPhone, deed::REVEAL)?;
        }
        let store = self.store();
        let p = store
            .petitioner(petitioner)?
            .ok_or_else(|| ServiceError::NotFound(format!("petitioner {petitioner}")))?;
        let what = if whole_ids {
            "revealed ID number and phones"
        } else {
            "revealed phones (to call back)"
        };
        self.audit_now(super::audit::petitioner_record(p.id), what.into())?;
        Ok(if whole_ids {
            Revealed {
                id_number: p.id_number,
                other_doc: p.other_doc,
                phones: p.phones,
            }
        } else {
            // ID numbers stay with supervisors and admins (docs/rules.md, Masking and search).
            Revealed {
                id_number: p.id_number.as_deref().map(mask_id),
                other_doc: p.other_doc.as_deref().map(mask_other_doc),
                phones: p.phones,
            }
        })
    }

    /// Reference lists for the desk's choice fields, in code order.
    pub fn towns(&self) -> Result<Vec<crate::domain::Town>> {
        self.reference(T::Towns)
    }

    pub fn villages(&self) -> Result<Vec<crate::domain::Village>> {
        self.reference(T::Villages)
    }

    pub fn categories(&self) -> Result<Vec<crate::domain::Category>> {
        self.reference(T::Categories)
    }

    pub fn units(&self) -> Result<Vec<crate::domain::Unit>> {
        self.reference(T::Units)
    }

    fn reference<V: serde::de::DeserializeOwned + 'static>(&self, t: T) -> Result<Vec<V>> {
        let mut out = Vec::new();
        for r in self.store().records::<V>(t) {
            out.push(r?.1);
        }
        Ok(out)
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

    /// The names of categories, units and staff, for showing codes as
    /// names. Any role may read them: they are the office's, not a person's.
    pub fn names(&self) -> Result<Names> {
        let store = self.store();
        let mut names = Names::default();
        for r in store.records::<crate::domain::Category>(T::Categories) {
            let c = r?.1;
            names.categories.insert(c.code, c.name);
        }
        for r in store.records::<crate::domain::Unit>(T::Units) {
            let u = r?.1;
            names.units.insert(u.code, u.name);
        }
        for r in store.records::<crate::domain::Staff>(T::Staff) {
            let s = r?.1;
            names.staff.insert(s.login, s.name);
        }
        Ok(names)
    }

    /// The petitioners of a matter, by id and name, in the matter's order;
    /// empty when there is no such matter. Numbers stay on the card, whose
    /// every view is audited.
    pub fn matter_petitioners(&self, ledger: LedgerNo) -> Result<Vec<(PetitionerId, String)>> {
        let store = self.store();
        let Some(m) = store.matter(ledger)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for id in m.petitioners {
            if let Some(p) = store.petitioner(id)? {
                out.push((id, p.name));
            }
        }
        Ok(out)
    }

    pub fn matter(&self, ledger: LedgerNo) -> Result<Option<Matter>> {
        Ok(self.store().matter(ledger)?)
    }
}
