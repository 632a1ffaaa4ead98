//! What a backup reads and a restore writes beside the records: every
//! counter, and the time zone of a database being restored.

use super::counter::{Counter, PREFIX as COUNTER_PREFIX};
use super::keys::read_u64;
use super::{Result, Store, StoreError, META_TZ, T};
use time::UtcOffset;

impl Store {
    /// Every counter, in the order of their names (`audit`, `contact`,
    /// `ledger/2025`, `ledger/2026`, `petitioner`). Numbers are never handed
    /// out twice, so a restore must bring back each one as it was, not the
    /// highest number in use.
    pub fn counters(&self) -> Result<Vec<(Counter, u64)>> {
        let mut out = Vec::new();
        for kv in self.tree(T::Meta)?.scan_prefix(COUNTER_PREFIX) {
            let (k, v) = kv.map_err(|e| self.sled_err(e))?;
            let counter = Counter::of_key(&k)
                .expect("scanned by its prefix")
                .map_err(|name| StoreError::Corrupt {
                    record: format!("counter {name}"),
                    detail: "not a counter this release knows".into(),
                })?;
            let value = read_u64(&v).ok_or_else(|| StoreError::Corrupt {
                record: format!("counter {counter}"),
                detail: format!("{} bytes", v.len()),
            })?;
            out.push((counter, value));
        }
        Ok(out)
    }

    /// Sets the office's time zone of a database being created (a restore
    /// brings back the zone of the office it came from).
    pub fn set_tz(&mut self, tz: UtcOffset) -> Result<()> {
        self.refuse_unless_room(false)?;
        self.tree(T::Meta)?
            .insert(META_TZ, &tz.whole_seconds().to_be_bytes()[..])
            .map_err(|e| self.sled_err(e))?;
        self.tz = tz;
        Ok(())
    }
}
