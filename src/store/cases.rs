//! Key cases, supervision letters, reception days and the key-person list
//! in the store: their records, the index entries derived from them (so
//! `check` verifies and rebuilds them like the others), and the reads the
//! case lists use.
//!
//! A case is keyed by its matter's ledger number, so a matter's case is one
//! read. The case indexes are keyed by deadline (first), leader and unit,
//! each entry carrying the status, so a list sorted by deadline, and the
//! open or overdue ones, need no case decoded to be counted.

use super::keys::{date_key, ledger_key, read_date, read_ledger, read_u64, text_key, u64_key};
use super::{index::Entry, Result, Store, WriteSet, T};
use crate::domain::case::{Case, CaseStatus};
use crate::domain::keylist::Watch;
use crate::domain::supervision::{ReceptionDay, Supervision};
use crate::domain::{LedgerNo, PetitionerId};
use time::Date;

fn status_byte(s: CaseStatus) -> u8 {
    CaseStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

/// The status an index value carries.
pub fn status_of(value: &[u8]) -> Option<CaseStatus> {
    CaseStatus::ALL.get(usize::from(*value.first()?)).copied()
}

fn due_ledger(due: Date, ledger: LedgerNo) -> Vec<u8> {
    let mut k = date_key(due).to_vec();
    k.extend_from_slice(&ledger_key(ledger));
    k
}

/// Deadline and matter from the end of a case index key.
pub fn read_due_ledger(key: &[u8]) -> Option<(Date, LedgerNo)> {
    let tail = key.get(key.len().checked_sub(10)?..)?;
    Some((read_date(&tail[..4])?, read_ledger(&tail[4..])?))
}

/// A case's index entries: by deadline, by leader, by unit.
pub fn case_entries(c: &Case) -> Vec<Entry> {
    let v = vec![status_byte(c.status)];
    let dl = due_ledger(c.due, c.matter);
    let mut out = vec![
        Entry {
            tree: T::CaseDue,
            key: dl.clone(),
            value: v.clone(),
        },
        Entry {
            tree: T::CaseLeader,
            key: text_key(&c.leader, &dl),
            value: v.clone(),
        },
        Entry {
            tree: T::CaseUnit,
            key: text_key(&c.unit, &dl),
            value: v,
        },
    ];
    out.sort();
    out
}

/// A letter's index entry: by unit and reply deadline, with whether it was
/// answered.
pub fn supervision_entries(s: &Supervision) -> Vec<Entry> {
    let mut suffix = date_key(s.reply_due).to_vec();
    suffix.extend_from_slice(&u64_key(s.id));
    vec![Entry {
        tree: T::SupervisionUnit,
        key: text_key(&s.unit, &suffix),
        value: vec![u8::from(s.replied.is_some())],
    }]
}

/// The key of a reception day: its date, then the leader.
pub fn reception_key(date: Date, leader: &str) -> Vec<u8> {
    let mut k = date_key(date).to_vec();
    k.extend_from_slice(leader.as_bytes());
    k
}

impl WriteSet<'_> {
    /// Stores a case; `old` is the stored version, if any.
    pub fn case(&mut self, old: Option<&Case>, new: &Case) {
        self.reindex_entries(
            &old.map(case_entries).unwrap_or_default(),
            &case_entries(new),
        );
        self.put(T::Cases, ledger_key(new.matter).to_vec(), new);
    }

    /// Stores a supervision letter; `old` is the stored version, if any.
    pub fn supervision(&mut self, old: Option<&Supervision>, new: &Supervision) {
        let old_ix = old.map(supervision_entries).unwrap_or_default();
        self.reindex_entries(&old_ix, &supervision_entries(new));
        self.put(T::Supervisions, u64_key(new.id).to_vec(), new);
    }

    pub fn reception_day(&mut self, day: &ReceptionDay) {
        self.put(T::ReceptionDays, reception_key(day.date, &day.leader), day);
    }

    pub fn remove_reception_day(&mut self, date: Date, leader: &str) {
        self.remove(T::ReceptionDays, reception_key(date, leader));
    }

    pub fn watch(&mut self, w: &Watch) {
        self.put(T::Watches, u64_key(w.petitioner).to_vec(), w);
    }
}

/// Which cases a list reads, by index.
#[derive(Clone, Copy, Debug)]
pub enum CaseIndex<'a> {
    All,
    Leader(&'a str),
    Unit(&'a str),
}

impl Store {
    pub fn case(&self, ledger: LedgerNo) -> Result<Option<Case>> {
        self.get(T::Cases, &ledger_key(ledger))
    }

    pub fn supervision(&self, id: u64) -> Result<Option<Supervision>> {
        self.get(T::Supervisions, &u64_key(id))
    }

    pub fn reception_day(&self, date: Date, leader: &str) -> Result<Option<ReceptionDay>> {
        self.get(T::ReceptionDays, &reception_key(date, leader))
    }

    pub fn watch(&self, petitioner: PetitionerId) -> Result<Option<Watch>> {
        self.get(T::Watches, &u64_key(petitioner))
    }

    /// (deadline, matter, status) of the cases `which` selects, soonest
    /// deadline first; nothing decoded.
    pub fn case_keys(
        &self,
        which: CaseIndex<'_>,
    ) -> impl Iterator<Item = Result<(Date, LedgerNo, Option<CaseStatus>)>> + '_ {
        let it = match which {
            CaseIndex::All => self.index_range(T::CaseDue, ..),
            CaseIndex::Leader(l) => self.index_prefix(T::CaseLeader, &text_key(l, &[])),
            CaseIndex::Unit(u) => self.index_prefix(T::CaseUnit, &text_key(u, &[])),
        };
        it.filter_map(|r| match r {
            Err(e) => Some(Err(e)),
            Ok((k, v)) => read_due_ledger(&k).map(|(d, l)| Ok((d, l, status_of(&v)))),
        })
    }

    /// The letters to `unit` (every unit when `None`): (reply due, id,
    /// answered), soonest due first within a unit.
    pub fn supervision_keys(
        &self,
        unit: Option<&str>,
    ) -> impl Iterator<Item = Result<(Date, u64, bool)>> + '_ {
        let it = match unit {
            Some(u) => self.index_prefix(T::SupervisionUnit, &text_key(u, &[])),
            None => self.index_range(T::SupervisionUnit, ..),
        };
        it.filter_map(|r| match r {
            Err(e) => Some(Err(e)),
            Ok((k, v)) => {
                let tail = k.get(k.len().checked_sub(12)?..)?;
                let due = read_date(&tail[..4])?;
                let id = read_u64(&tail[4..])?;
                Some(Ok((due, id, v.first() == Some(&1))))
            }
        })
    }
}
