//! What a backup reads and a restore writes beside the records: every
//! counter, and the time zone of a database being restored.

use super::keys::read_u64;
use super::{Result, Store, META_TZ, T};
use time::UtcOffset;

/// Counters live in the meta tree under this prefix (see `write::counter_key`).
const COUNTER_PREFIX: &[u8] = b"counter/";

impl Store {
    /// Every counter by name (`petitioner`, `contact`, `audit`, `ledger/2026`…),
    /// in name order. Numbers are never handed out twice, so a restore must
    /// bring back each one as it was, not the highest number in use.
    pub fn counters(&self) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        for kv in self.tree(T::Meta)?.scan_prefix(COUNTER_PREFIX) {
            let (k, v) = kv.map_err(|e| self.sled_err(e))?;
            let name = String::from_utf8_lossy(&k[COUNTER_PREFIX.len()..]).into_owned();
            let value = read_u64(&v).ok_or_else(|| super::StoreError::Corrupt {
                record: format!("counter {name}"),
                detail: format!("{} bytes", v.len()),
            })?;
            out.push((name, value));
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
