//! Written notices, kept by matter: the key is the matter's ledger number,
//! then the kind, year and number, so a matter's notices are one prefix scan.
//! The office's notice settings live in the meta tree.

use super::keys::ledger_key;
use super::{codec, Result, Store, StoreError, WriteSet, T};
use crate::domain::notice::settings::NoticeSettings;
use crate::domain::notice::Notice;
use crate::domain::{LedgerNo, NoticeKind};

const META_NOTICE: &[u8] = b"notice_settings";

fn notice_key(n: &Notice) -> Vec<u8> {
    let mut k = ledger_key(n.ledger).to_vec();
    let kind = NoticeKind::ALL
        .iter()
        .position(|k| *k == n.kind)
        .unwrap_or(0);
    k.push(kind as u8);
    k.extend_from_slice(&n.year.to_be_bytes());
    k.extend_from_slice(&n.seq.to_be_bytes());
    k
}

impl Store {
    /// The notices issued for a matter, by kind, then year and number.
    pub fn notices_of(&self, ledger: LedgerNo) -> Result<Vec<Notice>> {
        let tree = self.tree(T::Notices)?;
        let mut out = Vec::new();
        for kv in tree.scan_prefix(ledger_key(ledger)) {
            let (k, v) = kv.map_err(|e| self.sled_err(e))?;
            out.push(decoded(&k, &v)?);
        }
        Ok(out)
    }

    /// Every notice, in ledger order (for the work list, export and backup).
    pub fn all_notices(&self) -> impl Iterator<Item = Result<Notice>> + '_ {
        let scan = self.tree(T::Notices).map(|t| t.iter());
        let (ok, err) = match scan {
            Ok(it) => (Some(it), None),
            Err(e) => (None, Some(Err(e))),
        };
        err.into_iter()
            .chain(ok.into_iter().flatten().map(move |kv| {
                let (k, v) = kv.map_err(|e| self.sled_err(e))?;
                decoded(&k, &v)
            }))
    }

    /// The office's notice settings (the shipped ones until any is set).
    pub fn notice_settings(&self) -> Result<NoticeSettings> {
        match self
            .tree(T::Meta)?
            .get(META_NOTICE)
            .map_err(|e| self.sled_err(e))?
        {
            None => Ok(NoticeSettings::default()),
            Some(v) => codec::decode(&v).map_err(|e| StoreError::Corrupt {
                record: "notice settings".into(),
                detail: e.to_string(),
            }),
        }
    }
}

fn decoded(k: &[u8], v: &[u8]) -> Result<Notice> {
    codec::decode(v).map_err(|e| StoreError::Corrupt {
        record: super::read::describe_key(T::Notices, k),
        detail: e.to_string(),
    })
}

impl WriteSet<'_> {
    /// Stores a notice (new, or with its delivery recorded).
    pub fn notice(&mut self, n: &Notice) {
        self.put(T::Notices, notice_key(n), n);
    }

    /// Stores the office's notice settings with the rest of the set.
    pub fn set_notice_settings(&mut self, s: &NoticeSettings) {
        self.put(T::Meta, META_NOTICE.to_vec(), s);
    }
}
