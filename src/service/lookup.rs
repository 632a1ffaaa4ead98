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
use crate::domain::search::{allowed_to_masked_roles, letter_key, Query, MIN_TAIL_DIGITS};
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

/// A matter a lookup found by its ledger or letter number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterFound {
    pub brief: MatterBrief,
    pub letter_no: Option<String>,
    /// The category's name (its code when it is not on file).
    pub category_name: String,
    /// The name of its first petitioner, and how many more it has.
    pub who: String,
    pub more: usize,
}

/// What one lookup found: the first people, how many match in all, and the
/// matters its ledger or letter number names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Looked {
    pub people: Vec<Found>,
    /// How many people match, counted up to `COUNT_CAP` (then "at least").
    pub total: usize,
    pub matters: Vec<MatterFound>,
}

impl Looked {
    /// More people match than were sent.
    pub fn cut(&self) -> bool {
        self.people.len() < self.total
    }
}

/// Most people a lookup counts: past it the desk says "at least". Counting
/// reads index keys only, no record, so a one-letter query stays fast.
pub const COUNT_CAP: usize = 200;

/// Most matters the end of a letter number lists.
const LETTER_MATTERS: usize = 20;

/// `2026-000077` as typed, or its beginning (`2026-00`): a ledger number.
/// `Some(None)` while it is unfinished. A year from 1990 sets it apart from
/// a landline with its area code (`0531-…`).
pub fn ledger_query(q: &str) -> Option<Option<LedgerNo>> {
    let q: String = q
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | '－' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let (year, seq) = q.split_once('-')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let plausible =
        year.len() == 4 && digits(year) && (1990..2100).contains(&year.parse::<u16>().ok()?);
    if !plausible || seq.len() > 6 || !digits(seq) {
        return None;
    }
    Some(LedgerNo::parse(&q).filter(|_| seq.len() == 6))
}

/// Matters with a letter whose number is `typed` or ends with it, at most
/// `limit`, found through the letter-number index.
fn matters_by_letter(store: &Store, typed: &str, limit: usize) -> Result<Vec<Matter>> {
    let mut out: Vec<Matter> = Vec::new();
    for ledger in store.matters_by_letter(&letter_key(typed)) {
        let ledger = ledger?;
        if out.len() >= limit {
            break;
        }
        if out.iter().any(|m| m.ledger == ledger) {
            continue;
        }
        if let Some(m) = store.matter(ledger)? {
            out.push(m);
        }
    }
    Ok(out)
}

/// A matter as a lookup by number shows it.
fn matter_found(store: &Store, m: Matter, typed: Option<&str>) -> Result<MatterFound> {
    let tz = store.tz();
    let who = match m.petitioners.first() {
        Some(id) => store.petitioner(*id)?.map(|p| p.name).unwrap_or_default(),
        None => String::new(),
    };
    let typed = typed.map(letter_key);
    let letter_no = m
        .contacts
        .iter()
        .rev()
        .filter_map(|c| c.letter_no.clone())
        .find(|n| {
            typed
                .as_ref()
                .is_none_or(|t| letter_key(n).ends_with(t.as_str()))
        });
    let category_name = store
        .category(&m.category)?
        .map_or_else(|| m.category.clone(), |c| c.name);
    Ok(MatterFound {
        category_name,
        more: m.petitioners.len().saturating_sub(1),
        who,
        letter_no,
        brief: MatterBrief {
            ledger: m.ledger,
            state: m.state,
            category: m.category,
            summary: m.summary,
            registered: m.registered_at.local_date(tz),
        },
    })
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
        Ok(self.look_within(query, limit, limit)?.people)
    }

    /// A lookup as the desk shows it: the first `limit` people, how many
    /// match (up to `COUNT_CAP`), and the matters a ledger number or the
    /// whole letter number (or its end) names. Audited and paced as `lookup`.
    pub fn look(&self, query: &str, limit: usize) -> Result<Looked> {
        self.look_within(query, limit, COUNT_CAP)
    }

    /// `look`, counting the people who match up to `cap`.
    fn look_within(&self, query: &str, limit: usize, cap: usize) -> Result<Looked> {
        let ledger = ledger_query(query);
        let parsed = match ledger {
            Some(Some(_)) => None,
            // The beginning of a ledger number may also be a phone written
            // with a dash (`2083-1234`): searched as digits where allowed.
            _ => Query::parse(query),
        };
        if ledger.is_none() && parsed.is_none() {
            return Ok(Looked::default());
        }
        // A refused query is part of the search too (an ID number is refused
        // until its last digit is typed), audited as the search is.
        let (new, previous) = self.pending_lookup.replace(query);
        if let Some(previous) = previous {
            self.audit_lookup(&previous)?;
        }
        self.pace_lookup(if new { 1.0 } else { KEYSTROKE })?;
        let store = self.store();
        let Some(parsed) = parsed else {
            // A whole ledger number names its matter and no person.
            let mut out = Looked::default();
            if let Some(m) = ledger
                .flatten()
                .map(|l| store.matter(l))
                .transpose()?
                .flatten()
            {
                out.matters.push(matter_found(store, m, None)?);
            }
            return Ok(out);
        };
        let masked = !may(self.user().role, Duty::SeeUnmasked);
        if masked && !allowed_to_masked_roles(&parsed) {
            // A ledger number being typed is not a number being probed:
            // nothing is searched until it is whole.
            if ledger.is_some() {
                return Ok(Looked::default());
            }
            return Err(self.forbidden(deed::PARTIAL_NUMBER_SEARCH));
        }
        let mut out = Looked::default();
        let ids = find_ids(store, &parsed, cap.max(limit), masked)?;
        out.total = ids.len();
        for id in ids.into_iter().take(limit) {
            if let Some(p) = store.petitioner(id)? {
                out.people.push(describe(store, p)?);
            }
        }
        // A name has no digits: Chinese with digits is a letter number.
        if let Query::Name(q) = &parsed {
            if q.bytes().any(|b| b.is_ascii_digit()) {
                for m in matters_by_letter(store, q, LETTER_MATTERS)? {
                    out.matters.push(matter_found(store, m, Some(q))?);
                }
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
