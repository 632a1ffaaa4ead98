//! Finding a petitioner in one keystroke (docs/rules.md, Masking and search): Chinese by substring,
//! pinyin by full spelling or initials, ID numbers and phones by prefix or by
//! their last digits — for roles that see masked numbers only as docs/rules.md (Masking and search)
//! allows, so searching cannot unmask what a card masks. Every search is
//! audited with its query masked; at a desk, typing is one search, audited
//! once with its final query.

use super::{deed, Desk, Result};
use crate::domain::derive::is_long_standing;
use crate::domain::mask::{mask_id, mask_phone, mask_query};
use crate::domain::pace::KEYSTROKE;
use crate::domain::permit::{may, Duty};
use crate::domain::search::{allowed_to_masked_roles, Query, MIN_TAIL_DIGITS};
use crate::domain::{LedgerNo, Matter, MatterState, Petitioner};
use crate::store::{PetitionerIds, Searched, Store};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
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

/// Petitioner ids in index order, appended to `out` without repeats until
/// it holds `limit`.
fn collect(ids: PetitionerIds<'_>, limit: usize, out: &mut Vec<u64>) -> Result<()> {
    for r in ids {
        if out.len() >= limit {
            break;
        }
        let id = r?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(())
}

/// Most people whose ID number ends in the same 4–6 characters looked at to
/// find the ones whose name matches too.
const TAIL_CANDIDATES: usize = 2000;

/// Ids of the petitioners matching `query`, best matches first, at most
/// `limit`. With `masked` (a role that sees masked numbers) digits are
/// matched only as whole numbers or a phone's last 4 (the caller has refused
/// every other digit query).
pub fn find_ids(store: &Store, query: &Query, limit: usize, masked: bool) -> Result<Vec<u64>> {
    let mut out = Vec::new();
    let matching = |field, q: &str| store.petitioners_matching(field, q);
    match query {
        Query::Name(q) => collect(matching(Searched::Name, q), limit, &mut out)?,
        Query::Pinyin(q) => collect(matching(Searched::Pinyin, q), limit, &mut out)?,
        Query::Digits(q) if masked => {
            // Whole numbers only, not their beginnings.
            collect(
                store.petitioners_with(Searched::IdNumber, q),
                limit,
                &mut out,
            )?;
            collect(store.petitioners_with(Searched::Phone, q), limit, &mut out)?;
            if q.len() == MIN_TAIL_DIGITS {
                collect(matching(Searched::PhoneTail, q), limit, &mut out)?;
            }
        }
        Query::Digits(q) => {
            collect(matching(Searched::IdNumber, q), limit, &mut out)?;
            collect(matching(Searched::Phone, q), limit, &mut out)?;
            if q.len() >= MIN_TAIL_DIGITS {
                collect(matching(Searched::IdNumberTail, q), limit, &mut out)?;
                collect(matching(Searched::PhoneTail, q), limit, &mut out)?;
            }
        }
        Query::NameAndTail { name, tail } => {
            let mut by_tail = Vec::new();
            collect(
                matching(Searched::IdNumberTail, tail),
                TAIL_CANDIDATES,
                &mut by_tail,
            )?;
            let by_name = find_ids(store, name, usize::MAX, masked)?;
            out.extend(
                by_tail
                    .into_iter()
                    .filter(|id| by_name.contains(id))
                    .take(limit),
            );
        }
    }
    Ok(out)
}

/// The search a desk is typing: each keystroke is a lookup, but a search is
/// audited once, with its final query — when a card opens, the lookup is
/// left (`Desk::lookup_done`), a different search starts or the desk closes.
#[derive(Default)]
pub struct PendingLookup(Mutex<Option<String>>);

impl PendingLookup {
    /// Takes `query` as the search being typed: whether it begins a new
    /// search, and the previous search when `query` is not a continuation of
    /// it (typed on or erased back), so that it is audited now.
    fn replace(&self, query: &str) -> (bool, Option<String>) {
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let Some(previous) = pending.replace(query.to_string()) else {
            return (true, None);
        };
        let same_search = query.starts_with(&previous) || previous.starts_with(query);
        (!same_search, (!same_search).then_some(previous))
    }

    fn take(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
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
    /// phones masked for every role. Any role may look people up; a role that
    /// sees masked numbers searches by them only as docs/rules.md (Masking and search) allows, and is
    /// refused (and audited) for a part of a number.
    pub fn lookup(&self, query: &str, limit: usize) -> Result<Vec<Found>> {
        let Some(parsed) = Query::parse(query) else {
            return Ok(Vec::new());
        };
        // A refused query is part of the search too (an ID number is refused
        // until its last digit is typed), audited as the search is.
        let (new, previous) = self.pending_lookup.replace(query);
        if let Some(previous) = previous {
            self.audit_lookup(&previous)?;
        }
        self.pace_lookup(if new { 1.0 } else { KEYSTROKE })?;
        let masked = !may(self.user().role, Duty::SeeUnmasked);
        if masked && !allowed_to_masked_roles(&parsed) {
            return Err(self.forbidden(deed::PARTIAL_NUMBER_SEARCH));
        }
        let store = self.store();
        let mut out = Vec::new();
        for id in find_ids(store, &parsed, limit, masked)? {
            if let Some(p) = store.petitioner(id)? {
                out.push(describe(store, p)?);
            }
        }
        Ok(out)
    }

    /// Ends the search being typed: audits its final query. The desk calls
    /// it when a lookup screen is left, the command line after its lookup.
    pub fn lookup_done(&self) -> Result<()> {
        match self.pending_lookup.take() {
            Some(query) => self.audit_lookup(&query),
            None => Ok(()),
        }
    }

    /// Holds a lookup back while its login searches faster than any desk
    /// does, flagging the first held lookup of each burst in the trail. A
    /// person fetched by number or a card opened counts as a search: going
    /// through the register by id is no way around the pace.
    pub(super) fn pace_lookup(&self, cost: f64) -> Result<()> {
        let login = &self.user().login;
        let paced = self
            .store()
            .lookup_pace()
            .take(login, cost, std::time::Instant::now());
        if let Some((lookups, over)) = paced.flag {
            let what = format!(
                "lookup rate exceeded by {login}: {lookups} searches in {:.1} s",
                over.as_secs_f64()
            );
            tracing::warn!("{what}");
            self.audit_now(super::audit::LOOKUP_RECORD.into(), what)?;
        }
        std::thread::sleep(paced.wait);
        Ok(())
    }

    fn audit_lookup(&self, query: &str) -> Result<()> {
        let what = format!("looked up {}", mask_query(query));
        self.audit_now(super::audit::LOOKUP_RECORD.into(), what)
    }
}
