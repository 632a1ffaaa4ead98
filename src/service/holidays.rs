//! The office's holiday list: a deadline that falls on a holiday moves to the
//! next working day (SPEC §3). Kept in the database, so every desk and every
//! index agrees on due dates.

use super::{Desk, Result, ServiceError};
use crate::domain::permit::Duty;
use crate::domain::Matter;
use crate::store::index::matter_entries;
use crate::store::keys::read_ledger;
use crate::store::{WriteSet, T};
use serde::Deserialize;
use std::collections::BTreeSet;
use time::Date;

/// Parses a holiday file: `dates = [2026-10-01, 2026-10-02]` (TOML dates, or
/// the same as quoted text). Problems are `FILE:LINE: message`.
pub fn parse(text: &str, file: &str) -> std::result::Result<BTreeSet<Date>, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Loose {
        // Spanned: a bad value's line is where it stands; searching the text
        // for it found an earlier mention (a comment, a digit in another date).
        dates: Vec<toml::Spanned<toml::Value>>,
    }
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let loose: Loose = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(s.start));
        format!("{file}:{line}: {}", e.message().trim())
    })?;
    let mut out = BTreeSet::new();
    for v in loose.dates {
        let line = line_of(v.span().start);
        let s = match v.get_ref() {
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let date = Date::parse(
            &s,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|_| format!("{file}:{line}: dates: {s:?} is not a date (YYYY-MM-DD)"))?;
        out.insert(date);
    }
    Ok(out)
}

impl Desk {
    /// Replaces the holiday list and re-dates every open matter; admins only.
    /// Returns how many open matters were re-indexed.
    pub fn set_holidays(&self, days: BTreeSet<Date>) -> Result<usize> {
        self.require(Duty::Administer, super::deed::SET_HOLIDAYS)?;
        // Writers wait from reading the old due dates to writing the new
        // ones, so none is indexed under the wrong calendar.
        let store = self.store();
        let _guard = store.lock_writes()?;
        // Every open matter has a due entry; read them under the old calendar.
        let mut open: Vec<(Vec<crate::store::index::Entry>, Matter)> = Vec::new();
        {
            let (cal, tz) = (store.calendar(), store.tz());
            let mut seen = BTreeSet::new();
            for r in store.index_range(T::Due, ..) {
                let (k, _) = r?;
                if let Some(l) = k.get(4..).and_then(read_ledger) {
                    if seen.insert(l) {
                        if let Some(m) = store.matter(l)? {
                            open.push((matter_entries(&m, &cal, tz), m));
                        }
                    }
                }
            }
        }
        let n = open.len();
        let what = format!(
            "holiday list replaced: {} days; {n} open matters re-dated",
            days.len()
        );
        store.set_holidays(&days).map_err(ServiceError::from)?;
        let mut ws = WriteSet::new(store);
        for (old, m) in &open {
            ws.matter_reindexed(old, m);
        }
        self.audit(&mut ws, "holidays".into(), what)?;
        ws.commit()?;
        store.flush()?;
        Ok(n)
    }
}
