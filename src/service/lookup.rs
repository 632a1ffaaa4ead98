//! Finding a petitioner in one keystroke (SPEC §4): Chinese by substring,
//! pinyin by full spelling or initials, ID numbers and phones by prefix or by
//! their last digits.

use super::{Desk, Result};
use crate::domain::derive::is_long_standing;
use crate::domain::mask::{mask_id, mask_phone};
use crate::domain::search::{Query, MIN_TAIL_DIGITS};
use crate::domain::{LedgerNo, Matter, MatterState, Petitioner};
use crate::store::keys::{after_text, read_u64, reversed};
use crate::store::{Store, T};
use serde::{Deserialize, Serialize};
use time::Date;

/// One matter of a petitioner, as a lookup shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterBrief {
    pub ledger: LedgerNo,
    pub state: MatterState,
    pub category: String,
    pub summary: String,
    pub registered: Date,
}

/// A petitioner found by a lookup: masked identity, marks and matters. The
/// whole numbers are only for `Desk::reveal`, which is audited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub id: u64,
    pub name: String,
    /// Masked (`1101**********002X`).
    pub id_number: Option<String>,
    /// Masked (`138****8000`).
    pub phones: Vec<String>,
    pub town: Option<String>,
    pub contacts: usize,
    pub long_standing: bool,
    pub key_person: bool,
    pub matters: Vec<MatterBrief>,
}

/// Petitioner ids whose index keys in `t` start with `prefix`, in key order,
/// appended to `out` without repeats until it holds `limit`.
fn collect(store: &Store, t: T, prefix: &str, limit: usize, out: &mut Vec<u64>) -> Result<()> {
    for r in store.index_prefix(t, prefix.as_bytes()) {
        if out.len() >= limit {
            break;
        }
        let (k, _) = r?;
        if let Some(id) = after_text(&k).and_then(read_u64) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(())
}

/// Ids of the petitioners matching `query`, best matches first, at most `limit`.
pub fn find_ids(store: &Store, query: &str, limit: usize) -> Result<Vec<u64>> {
    let mut out = Vec::new();
    match Query::parse(query) {
        None => {}
        Some(Query::Name(q)) => collect(store, T::Name, &q, limit, &mut out)?,
        Some(Query::Pinyin(q)) => collect(store, T::Pinyin, &q, limit, &mut out)?,
        Some(Query::Digits(q)) => {
            collect(store, T::IdNumber, &q, limit, &mut out)?;
            collect(store, T::Phone, &q, limit, &mut out)?;
            if q.len() >= MIN_TAIL_DIGITS {
                let tail = reversed(&q);
                collect(store, T::IdNumberRev, &tail, limit, &mut out)?;
                collect(store, T::PhoneRev, &tail, limit, &mut out)?;
            }
        }
    }
    Ok(out)
}

/// Everything a lookup shows about one petitioner, numbers masked.
pub fn describe(store: &Store, p: Petitioner) -> Result<Found> {
    let tz = store.tz();
    let mut dates = Vec::new();
    let mut matters = Vec::with_capacity(p.matters.len());
    for l in &p.matters {
        let Some(m) = store.matter(*l)? else { continue };
        let m: Matter = m;
        dates.extend(
            m.contacts
                .iter()
                .filter(|c| c.petitioners.contains(&p.id))
                .map(|c| c.at.local_date(tz)),
        );
        matters.push(MatterBrief {
            ledger: m.ledger,
            state: m.state,
            category: m.category,
            summary: m.summary,
            registered: m.registered_at.local_date(tz),
        });
    }
    matters.sort_by(|a, b| {
        b.registered
            .cmp(&a.registered)
            .then(b.ledger.cmp(&a.ledger))
    });
    Ok(Found {
        id: p.id,
        name: p.name,
        id_number: p.id_number.as_deref().map(mask_id),
        phones: p.phones.iter().map(|n| mask_phone(n)).collect(),
        town: p.town,
        contacts: dates.len(),
        long_standing: is_long_standing(dates),
        key_person: p.key_person.is_some(),
        matters,
    })
}

impl Desk {
    /// The petitioners matching `query`, at most `limit`, ID numbers and
    /// phones masked for every role. Any role may look people up.
    pub fn lookup(&self, query: &str, limit: usize) -> Result<Vec<Found>> {
        let store = self.store();
        let mut out = Vec::new();
        for id in find_ids(store, query, limit)? {
            if let Some(p) = store.petitioner(id)? {
                out.push(describe(store, p)?);
            }
        }
        Ok(out)
    }
}
