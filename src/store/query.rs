//! Typed queries over the indexes: what the service asks, answered without it
//! knowing how a key is laid out. Entries whose key does not decode are the
//! business of `check`; queries that list skip them, and reports, which would
//! count wrong without them, stop at them.

use super::keys::{
    after_text, date_key, matter_key, petitioner_key, read_date, read_ledger, read_u64, reversed,
    text_key, u64_key,
};
use super::read::RecordIter;
use super::{IndexIter, Result, Store, StoreError, WriteSet, T};
use crate::domain::derive::ContactBrief;
use crate::domain::{AuditEntry, LedgerNo, MatterState};
use crate::store::index::RateFact;
use std::ops::{Bound, RangeBounds, RangeInclusive};
use time::Date;

/// A petitioner's text a lookup searches, each in its own index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Searched {
    /// Any part of the name (the index holds every suffix).
    Name,
    /// The full spelling or the initials.
    Pinyin,
    IdNumber,
    Phone,
    /// An ID number by its last characters.
    IdNumberTail,
    /// A phone by its last digits.
    PhoneTail,
}

impl Searched {
    fn tree(self) -> T {
        match self {
            Searched::Name => T::Name,
            Searched::Pinyin => T::Pinyin,
            Searched::IdNumber => T::IdNumber,
            Searched::Phone => T::Phone,
            Searched::IdNumberTail => T::IdNumberRev,
            Searched::PhoneTail => T::PhoneRev,
        }
    }

    /// The text as its index holds it: tails are kept reversed.
    fn indexed(self, text: &str) -> String {
        match self {
            Searched::IdNumberTail | Searched::PhoneTail => reversed(text),
            _ => text.to_string(),
        }
    }
}

/// Ids of petitioners, in index order; one may come more than once.
pub struct PetitionerIds<'a>(IndexIter<'a>);

impl Iterator for PetitionerIds<'_> {
    type Item = Result<u64>;
    fn next(&mut self) -> Option<Result<u64>> {
        loop {
            match self.0.next()? {
                Err(e) => return Some(Err(e)),
                Ok((k, _)) => {
                    if let Some(id) = after_text(&k).and_then(read_u64) {
                        return Some(Ok(id));
                    }
                }
            }
        }
    }
}

/// An entry of the due index: the matter, the day its current step falls
/// due and its state then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueMatter {
    pub due: Date,
    pub ledger: LedgerNo,
    pub state: MatterState,
    /// The responsible unit's code; empty when none.
    pub unit: String,
}

/// Matters by due date, soonest first.
pub struct DueMatters<'a>(IndexIter<'a>);

impl Iterator for DueMatters<'_> {
    type Item = Result<DueMatter>;
    fn next(&mut self) -> Option<Result<DueMatter>> {
        loop {
            let (k, v) = match self.0.next()? {
                Ok(kv) => kv,
                Err(e) => return Some(Err(e)),
            };
            if let (Some(due), Some(ledger), Some(state)) = (
                read_date(&k),
                k.get(4..).and_then(read_ledger),
                state_of(&v),
            ) {
                let unit = String::from_utf8_lossy(&v[1..]).into_owned();
                return Some(Ok(DueMatter {
                    due,
                    ledger,
                    state,
                    unit,
                }));
            }
        }
    }
}

/// The matter state an index value carries (see `index::matter_entries`).
fn state_of(v: &[u8]) -> Option<MatterState> {
    v.first()
        .and_then(|i| MatterState::ALL.get(usize::from(*i)))
        .copied()
}

/// Whose matters: a first receiver's, or a unit's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner<'a> {
    FirstReceiver(&'a str),
    Unit(&'a str),
}

/// An owner's matters with their states, in ledger order.
pub struct OwnedMatters<'a>(IndexIter<'a>);

impl Iterator for OwnedMatters<'_> {
    type Item = Result<(LedgerNo, MatterState)>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (k, v) = match self.0.next()? {
                Ok(kv) => kv,
                Err(e) => return Some(Err(e)),
            };
            if let (Some(ledger), Some(state)) =
                (after_text(&k).and_then(read_ledger), state_of(&v))
            {
                return Some(Ok((ledger, state)));
            }
        }
    }
}

/// A contact as the town-date index has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedContact {
    /// Its local date.
    pub date: Date,
    pub ledger: LedgerNo,
    pub contact: u64,
    pub brief: ContactBrief,
    /// Its matter's category code.
    pub category: String,
    /// The petitioners a visit names (none for other contacts).
    pub visitors: Vec<u64>,
}

/// A town's contacts, in date order; with the visitors of visits when asked
/// (statistics read a million contacts and need none).
pub struct TownContacts<'a>(IndexIter<'a>, bool);

impl Iterator for TownContacts<'_> {
    type Item = Result<IndexedContact>;
    fn next(&mut self) -> Option<Result<IndexedContact>> {
        let with_visitors = self.1;
        Some(
            self.0
                .next()?
                .and_then(|(k, v)| read_contact(&k, v, with_visitors)),
        )
    }
}

/// Reads one town-date entry; a damaged one is an error naming it, since a
/// report that skipped it would be silently wrong.
fn read_contact(key: &[u8], mut value: Vec<u8>, with_visitors: bool) -> Result<IndexedContact> {
    let parsed = after_text(key).and_then(|r| {
        Some((
            read_date(r.get(..4)?)?,
            read_ledger(r.get(4..10)?)?,
            read_u64(r.get(10..18)?)?,
            ContactBrief::decode(&value)?,
        ))
    });
    let (date, ledger, contact, brief) = parsed.ok_or_else(|| undecodable(T::TownDate, key))?;
    let visitors = if with_visitors {
        ContactBrief::visitors(&value)
    } else {
        Vec::new()
    };
    // The category code follows the brief and the visitors; taken in place,
    // as statistics read a million of these.
    let start = ContactBrief::category_start(&value).unwrap_or(value.len());
    value.drain(..start);
    let category = match String::from_utf8(value) {
        Ok(code) => code,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(IndexedContact {
        date,
        ledger,
        contact,
        brief,
        category,
        visitors,
    })
}

/// The rate facts of a span of days.
pub struct RateFacts<'a>(IndexIter<'a>);

impl Iterator for RateFacts<'_> {
    type Item = Result<RateFact>;
    fn next(&mut self) -> Option<Result<RateFact>> {
        Some(self.0.next()?.and_then(|(k, v)| {
            RateFact::decode_for(&v)
                .map(|(f, _)| f)
                .ok_or_else(|| undecodable(T::EventDate, &k))
        }))
    }
}

/// A rate fact with its matter and the matter's responsible unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitFact {
    pub ledger: LedgerNo,
    /// The unit's code; empty when the matter has none.
    pub unit: String,
    pub fact: RateFact,
}

/// The rate facts of a span of days, each with its matter and unit.
pub struct UnitFacts<'a>(IndexIter<'a>);

impl Iterator for UnitFacts<'_> {
    type Item = Result<UnitFact>;
    fn next(&mut self) -> Option<Result<UnitFact>> {
        Some(self.0.next()?.and_then(|(k, v)| {
            let ledger = k.get(4..10).and_then(read_ledger);
            match (ledger, RateFact::decode_for(&v)) {
                (Some(ledger), Some((fact, unit))) => Ok(UnitFact {
                    ledger,
                    unit: unit.to_string(),
                    fact,
                }),
                _ => Err(undecodable(T::EventDate, &k)),
            }
        }))
    }
}

/// An index entry a report cannot read: it stops rather than count wrong.
fn undecodable(t: T, key: &[u8]) -> StoreError {
    StoreError::Corrupt {
        record: format!("{} entry {}", t.name(), String::from_utf8_lossy(key)),
        detail: "does not decode; run `xfdesk check`".into(),
    }
}

/// The audit trail in order, each entry with its number.
pub struct AuditTrail<'a>(RecordIter<'a, AuditEntry>);

impl Iterator for AuditTrail<'_> {
    type Item = Result<(u64, AuditEntry)>;
    fn next(&mut self) -> Option<Self::Item> {
        Some(self.0.next()?.map(|(k, e)| (read_u64(&k).unwrap_or(0), e)))
    }
}

fn date_bound(b: Bound<&Date>) -> Bound<Vec<u8>> {
    match b {
        Bound::Included(d) => Bound::Included(date_key(*d).to_vec()),
        Bound::Excluded(d) => Bound::Excluded(date_key(*d).to_vec()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

impl Store {
    /// Petitioners whose `field` begins with `text` (ends with it, for the
    /// tails).
    pub fn petitioners_matching(&self, field: Searched, text: &str) -> PetitionerIds<'_> {
        PetitionerIds(self.index_prefix(field.tree(), field.indexed(text).as_bytes()))
    }

    /// Petitioners whose `field` is `text`, whole.
    pub fn petitioners_with(&self, field: Searched, text: &str) -> PetitionerIds<'_> {
        PetitionerIds(self.index_prefix(field.tree(), &text_key(&field.indexed(text), &[])))
    }

    /// The petitioner on file with this ID number, if any.
    pub fn petitioner_with_id_number(&self, number: &str) -> Result<Option<u64>> {
        self.petitioners_with(Searched::IdNumber, number)
            .next()
            .transpose()
    }

    /// Matters with a letter whose number (as `domain::search::letter_key`
    /// writes it) ends with `typed`, the whole number included; a matter
    /// once per letter.
    pub fn matters_by_letter(&self, typed: &str) -> impl Iterator<Item = Result<LedgerNo>> + '_ {
        self.index_prefix(T::LetterNo, reversed(typed).as_bytes())
            .filter_map(|r| match r {
                Ok((k, _)) => after_text(&k).and_then(read_ledger).map(Ok),
                Err(e) => Some(Err(e)),
            })
    }

    /// Matters whose current step falls due on a day of `days`, soonest first.
    pub fn matters_due(&self, days: impl RangeBounds<Date>) -> DueMatters<'_> {
        let range = (date_bound(days.start_bound()), date_bound(days.end_bound()));
        DueMatters(self.index_range(T::Due, range))
    }

    /// The matters of a first receiver or a unit, with their states.
    pub fn matters_of(&self, owner: Owner<'_>) -> OwnedMatters<'_> {
        let (t, owner) = match owner {
            Owner::FirstReceiver(login) => (T::Receiver, login),
            Owner::Unit(code) => (T::UnitMatters, code),
        };
        OwnedMatters(self.index_prefix(t, &text_key(owner, &[])))
    }

    /// The contacts made in `town` on the days of `days`, in date order.
    pub fn contacts_in(&self, town: &str, days: RangeInclusive<Date>) -> TownContacts<'_> {
        let lo = text_key(town, &date_key(*days.start()));
        let hi = text_key(town, &date_key(*days.end()));
        TownContacts(self.index_range(T::TownDate, lo..=hi), false)
    }

    /// `contacts_in`, each visit with the petitioners it names.
    pub fn visits_in(&self, town: &str, days: RangeInclusive<Date>) -> TownContacts<'_> {
        let TownContacts(entries, _) = self.contacts_in(town, days);
        TownContacts(entries, true)
    }

    /// The matters of the contacts made in `town` on `day`, once per
    /// contact; entries that do not decode are skipped.
    pub fn matters_contacted_on(
        &self,
        town: &str,
        day: Date,
    ) -> impl Iterator<Item = Result<LedgerNo>> + '_ {
        self.index_prefix(T::TownDate, &text_key(town, &date_key(day)))
            .filter_map(|r| match r {
                Ok((k, _)) => after_text(&k)
                    .and_then(|s| s.get(4..10))
                    .and_then(read_ledger)
                    .map(Ok),
                Err(e) => Some(Err(e)),
            })
    }

    /// The petitioners living in `village` (as their records say now), by number.
    pub fn people_of_village(&self, village: &str) -> impl Iterator<Item = Result<u64>> + '_ {
        self.index_prefix(T::VillagePeople, &text_key(village, &[]))
            .filter_map(|r| match r {
                Ok((k, _)) => after_text(&k).and_then(read_u64).map(Ok),
                Err(e) => Some(Err(e)),
            })
    }

    /// The rate facts that count on the days of `days`.
    pub fn rate_facts_in(&self, days: RangeInclusive<Date>) -> RateFacts<'_> {
        let range = date_key(*days.start()).to_vec()..=date_key(*days.end()).to_vec();
        RateFacts(self.index_range(T::EventDate, range))
    }

    /// `rate_facts_in`, each fact with its matter and responsible unit.
    pub fn unit_facts_in(&self, days: RangeInclusive<Date>) -> UnitFacts<'_> {
        let range = date_key(*days.start()).to_vec()..=date_key(*days.end()).to_vec();
        UnitFacts(self.index_range(T::EventDate, range))
    }

    /// The audit trail, oldest first.
    pub fn audit_trail(&self) -> AuditTrail<'_> {
        AuditTrail(self.records(T::Audit))
    }
}

/// Whether a petitioner record is stored under its own number's key.
pub fn is_petitioner_key(key: &[u8], id: u64) -> bool {
    key == petitioner_key(id)
}

/// Whether a matter record is stored under its own ledger number's key.
pub fn is_matter_key(key: &[u8], ledger: LedgerNo) -> bool {
    key == matter_key(ledger)
}

impl WriteSet<'_> {
    /// Stores audit entry number `seq`.
    pub fn audit_entry(&mut self, seq: u64, entry: &AuditEntry) {
        self.put(T::Audit, u64_key(seq).to_vec(), entry);
    }
}
