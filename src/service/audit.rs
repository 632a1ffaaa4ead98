//! The audit trail (docs/rules.md, Audit trail): every write, every view of a petitioner's full
//! history and every reveal of whole ID numbers and phones leaves an entry
//! naming who, when, which record and what changed. Entries are keyed by a
//! sequence number, so the trail reads oldest first.
//!
//! Every lookup is audited too, its query masked (`service::lookup`).
//! Not audited: drafts (a person's own half-typed form, no record of the
//! office), lists (numbers masked), reports (counts), and reading the trail
//! itself.

use super::page::Page;
use super::{deed, Desk, Result, ServiceError};
use crate::domain::permit::Duty;
use crate::domain::text::escape_controls;
use crate::domain::{idnum, AuditEntry, LedgerNo, PetitionerId};
use crate::store::{Counter, WriteSet, T};
use std::collections::{HashSet, VecDeque};
use time::Date;

/// The `record` of entries about a petitioner. Records are made only by these
/// functions, so a query can name them exactly.
pub(crate) fn petitioner_record(id: PetitionerId) -> String {
    format!("petitioner {id}")
}

/// The `record` of entries about a matter.
pub(crate) fn matter_record(ledger: LedgerNo) -> String {
    format!("matter {ledger}")
}

/// The `record` of lookups: a search names no one record.
pub(crate) const LOOKUP_RECORD: &str = "lookup";
/// The `record` of entries about the database as a whole (compaction).
pub(crate) const DATABASE_RECORD: &str = "database";

/// The `record` of entries about a staff login.
pub(crate) fn staff_record(login: &str) -> String {
    format!("staff {login}")
}

/// Which entries `Desk::audit_query` returns; every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditFilter {
    /// Entries by this staff login.
    pub login: Option<String>,
    /// Entries about the petitioner with this ID number or any of their
    /// matters (as typed: a lower-case x, full-width digits and old 15-digit
    /// numbers are taken).
    pub petitioner: Option<String>,
    /// Entries about the matter with this ledger number (`2026-000077`).
    #[serde(default)]
    pub matter: Option<String>,
    /// From this local date (the desk's time zone), inclusive.
    pub from: Option<Date>,
    /// Up to this local date, inclusive.
    pub to: Option<Date>,
}

impl Desk {
    /// Adds an audit entry to `ws`; it commits with the change it describes.
    /// One set may hold several entries: each takes the next number.
    pub(crate) fn audit(&self, ws: &mut WriteSet, record: String, what: String) -> Result<()> {
        let seq = ws.counter(Counter::Audit)? + 1;
        // What a client named (a file, a query) is kept escaped: no entry can
        // break into a second, forged line or carry a terminal escape.
        let entry = AuditEntry {
            at: self.now(),
            by: self.user().login.clone(),
            record: escape_controls(&record),
            what: escape_controls(&what),
        };
        ws.audit_entry(seq, &entry);
        ws.set_counter(Counter::Audit, seq);
        Ok(())
    }

    /// Writes one audit entry on its own and flushes it: for what is seen
    /// rather than changed, audited before it is shown.
    pub(crate) fn audit_now(&self, record: String, what: String) -> Result<()> {
        let store = self.store();
        let _guard = store.lock_writes()?;
        let mut ws = WriteSet::new(store);
        self.audit(&mut ws, record, what)?;
        ws.commit()?;
        store.flush()?;
        Ok(())
    }

    /// The audit entries `filter` selects, oldest first (newest last); for
    /// supervisors and admins. An unknown login or ID number is an error
    /// rather than an empty answer: staff are never deleted, so it is a typo.
    pub fn audit_query(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        Ok(self.audit_page(filter, usize::MAX)?.rows)
    }

    /// The newest `limit` entries `filter` selects, oldest first, and how
    /// many it selects in all; only `limit` are held while the trail is read.
    pub fn audit_page(&self, filter: &AuditFilter, limit: usize) -> Result<Page<AuditEntry>> {
        self.require(Duty::ReadAudit, deed::READ_AUDIT)?;
        let store = self.store();
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                return Err(ServiceError::Invalid(format!(
                    "the period starts ({from}) after it ends ({to})"
                )));
            }
        }
        if let Some(login) = &filter.login {
            if store.staff(login)?.is_none() {
                return Err(ServiceError::NotFound(format!("staff login {login:?}")));
            }
        }
        let records = match &filter.petitioner {
            Some(typed) => Some(self.records_about(typed)?),
            None => None,
        };
        let matter = match &filter.matter {
            Some(typed) => Some(self.matter_audit_record(typed)?),
            None => None,
        };
        let tz = store.tz();
        let mut out = VecDeque::new();
        let mut total = 0;
        for r in store.records::<AuditEntry>(T::Audit) {
            let e = r?.1;
            let day = e.at.local_date(tz);
            let keep = filter.login.as_ref().is_none_or(|l| *l == e.by)
                && filter.from.is_none_or(|d| day >= d)
                && filter.to.is_none_or(|d| day <= d)
                && records.as_ref().is_none_or(|r| r.contains(&e.record))
                && matter.as_ref().is_none_or(|m| *m == e.record);
            if keep {
                total += 1;
                out.push_back(e);
                if out.len() > limit {
                    out.pop_front();
                }
            }
        }
        Ok(Page {
            rows: out.into(),
            total,
        })
    }

    /// The record of entries about the matter with ledger number `typed`;
    /// a number not on file is an error, as an unknown person is.
    fn matter_audit_record(&self, typed: &str) -> Result<String> {
        let ledger = LedgerNo::parse(typed.trim()).ok_or_else(|| {
            ServiceError::Invalid(format!(
                "{typed:?} is not a ledger number (like 2026-000077)"
            ))
        })?;
        if self.store().matter(ledger)?.is_none() {
            return Err(ServiceError::NotFound(format!("matter {ledger}")));
        }
        Ok(matter_record(ledger))
    }

    /// The records of entries about the petitioner with ID number `typed`:
    /// the person and every matter they are a party to.
    fn records_about(&self, typed: &str) -> Result<HashSet<String>> {
        let number = idnum::normalize(typed, self.today())
            .map_err(|e| ServiceError::Invalid(format!("{typed:?} is not an ID number: {e}")))?
            .number;
        let not_found = || ServiceError::NotFound(format!("a petitioner with ID number {number}"));
        let id = self
            .petitioner_with_id_number(&number)?
            .ok_or_else(not_found)?;
        let p = self.store().petitioner(id)?.ok_or_else(not_found)?;
        let mut records: HashSet<String> = p.matters.iter().map(|l| matter_record(*l)).collect();
        records.insert(petitioner_record(id));
        Ok(records)
    }
}
