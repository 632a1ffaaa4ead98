//! `check`: decode every record and verify every index entry against the
//! records, in both directions, plus the references between records and the
//! gapless ledger numbers.

use super::{Desk, Result};
use crate::domain::permit::Duty;
use crate::domain::{Category, LedgerNo, Matter, Petitioner, Staff, Town, Unit, Village};
use crate::store::index::{matter_entries, petitioner_entries, Entry};
use crate::store::{is_matter_key, is_petitioner_key, Counter, Store, StoreError, T};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A file this many times larger than the bytes it holds is worth compacting:
/// a freshly compacted database measured about 3 times its keys and values
/// (sled's pages and snapshots), one just imported 7 times.
const RECLAIM_RATIO: u64 = 5;

/// Less than this to give back is not worth a word (sled's smallest file
/// is half a MiB whatever it holds).
const MIN_RECLAIM: u64 = 16 << 20;

/// Index entries the records call for: key → (value, the record that owns it).
type Expected = BTreeMap<Vec<u8>, (Vec<u8>, String)>;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub records: usize,
    pub index_entries: usize,
    pub problems: Vec<String>,
    /// Not damage: the database directory or its files are more open than
    /// SPEC §9 allows, each with the path, its mode and the chmod to run; a
    /// file much larger than what it holds.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// sled's file, and the bytes of every key and value it holds.
    #[serde(default)]
    pub file_bytes: u64,
    #[serde(default)]
    pub stored_bytes: u64,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Decodes every record of `t`; damaged ones become problems.
fn records<V: DeserializeOwned + 'static>(
    store: &Store,
    t: T,
    report: &mut CheckReport,
) -> Result<Vec<(Vec<u8>, V)>> {
    collect_records(store.records::<V>(t), report)
}

/// Every record `records` reads; damaged ones become problems.
fn collect_records<R>(
    records: impl Iterator<Item = crate::store::Result<R>>,
    report: &mut CheckReport,
) -> Result<Vec<R>> {
    let mut out = Vec::new();
    for r in records {
        match r {
            Ok(kv) => out.push(kv),
            Err(StoreError::Corrupt { record, detail }) => report
                .problems
                .push(format!("{record} is damaged: {detail}")),
            Err(e) => return Err(e.into()),
        }
    }
    report.records += out.len();
    Ok(out)
}

/// The database directory more open than 0750 (0700, or 0750 with the
/// office group when `serve` runs it), or a file in it with group write or
/// any permission for others.
pub fn permission_warnings(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mode = |p: &Path| {
        std::fs::symlink_metadata(p)
            .ok()
            .map(|m| (m.permissions().mode() & 0o777, m.file_type()))
    };
    if let Some((m, _)) = mode(dir) {
        if m & !0o750 != 0 {
            out.push(format!(
                "warning: database directory {} is {m:04o}, more open than 0750; run: chmod 700 {}",
                dir.display(),
                dir.display()
            ));
        }
    }
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            match mode(&p) {
                Some((_, t)) if t.is_dir() => dirs.push(p),
                Some((m, t)) if t.is_file() && m & 0o027 != 0 => out.push(format!(
                    "warning: database file {} is {m:04o}, open to others; run: chmod 600 {}",
                    p.display(),
                    p.display()
                )),
                _ => {}
            }
        }
    }
    out
}

fn key_mismatch(report: &mut CheckReport, t: T, shown: String, right_key: bool) {
    if !right_key {
        report.problems.push(format!(
            "{} record {shown} is stored under the wrong key",
            t.name()
        ));
    }
}

pub fn check(store: &Store) -> Result<CheckReport> {
    let mut report = CheckReport {
        warnings: permission_warnings(store.path()),
        file_bytes: store.size_on_disk()?,
        stored_bytes: store.stored_bytes()?,
        ..CheckReport::default()
    };
    let compacted = 3 * report.stored_bytes;
    if report.file_bytes > RECLAIM_RATIO * report.stored_bytes.max(1)
        && report.file_bytes.saturating_sub(compacted) >= MIN_RECLAIM
    {
        report.warnings.push(format!(
            "{}: the database file is {} for {} of records and indexes; `xfdesk compact` (with the server stopped) gives back most of the difference",
            store.path().display(),
            crate::service::compact::mib(report.file_bytes),
            crate::service::compact::mib(report.stored_bytes)
        ));
    }
    let mut expected: BTreeMap<T, Expected> = BTreeMap::new();
    let mut expect = |entries: Vec<Entry>, owner: &str| {
        for e in entries {
            expected
                .entry(e.tree)
                .or_default()
                .insert(e.key, (e.value, owner.to_string()));
        }
    };
    let towns: HashSet<String> = records::<Town>(store, T::Towns, &mut report)?
        .into_iter()
        .map(|(_, t)| t.code)
        .collect();
    for (_, v) in records::<Village>(store, T::Villages, &mut report)? {
        if !towns.contains(&v.town) {
            report.problems.push(format!(
                "village {} belongs to unknown town {}",
                v.code, v.town
            ));
        }
    }
    records::<Unit>(store, T::Units, &mut report)?;
    records::<Category>(store, T::Categories, &mut report)?;
    let staff: HashSet<String> = records::<Staff>(store, T::Staff, &mut report)?
        .into_iter()
        .map(|(_, s)| s.login)
        .collect();

    let mut pets: HashMap<u64, Vec<LedgerNo>> = HashMap::new();
    let mut max_pet = 0;
    for (k, p) in records::<Petitioner>(store, T::Petitioners, &mut report)? {
        let right_key = is_petitioner_key(&k, p.id);
        key_mismatch(&mut report, T::Petitioners, p.id.to_string(), right_key);
        expect(petitioner_entries(&p), &format!("petitioner {}", p.id));
        max_pet = max_pet.max(p.id);
        pets.insert(p.id, p.matters);
    }
    let (cal, tz) = (store.calendar(), store.tz());
    let cal = &*cal;
    let mut ledgers: BTreeMap<u16, BTreeSet<u32>> = BTreeMap::new();
    let mut max_contact = 0;
    let mut contact_ids = HashSet::new();
    for (k, m) in records::<Matter>(store, T::Matters, &mut report)? {
        let m: Matter = m;
        let l = m.ledger;
        key_mismatch(&mut report, T::Matters, l.to_string(), is_matter_key(&k, l));
        expect(matter_entries(&m, cal, tz), &format!("matter {l}"));
        ledgers.entry(l.year).or_default().insert(l.seq);
        for p in &m.petitioners {
            match pets.get(p) {
                None => report.problems.push(format!(
                    "matter {l} names petitioner {p}, who does not exist"
                )),
                Some(ms) if !ms.contains(&l) => report.problems.push(format!(
                    "petitioner {p} does not list matter {l}, which names them"
                )),
                Some(_) => {}
            }
        }
        if !staff.contains(&m.first_receiver) {
            report.problems.push(format!(
                "matter {l} has first receiver {:?}, who is not staff",
                m.first_receiver
            ));
        }
        report.records += m.contacts.len();
        for c in &m.contacts {
            max_contact = max_contact.max(c.id);
            if c.matter != l || !contact_ids.insert(c.id) {
                report.problems.push(format!(
                    "contact {} in matter {l} is misfiled or duplicated",
                    c.id
                ));
            }
            for p in &c.petitioners {
                if !m.petitioners.contains(p) {
                    report.problems.push(format!(
                        "contact {} names petitioner {p}, who is not a party to matter {l}",
                        c.id
                    ));
                }
            }
        }
    }
    for (p, ms) in &pets {
        for l in ms {
            if !ledgers.get(&l.year).is_some_and(|s| s.contains(&l.seq)) {
                report.problems.push(format!(
                    "petitioner {p} lists matter {l}, which does not exist"
                ));
            }
        }
    }
    for (year, seqs) in &ledgers {
        let last = store.counter(Counter::Ledger(*year))?;
        let max = u64::from(*seqs.iter().next_back().unwrap_or(&0));
        if seqs.len() as u64 != max || last != max {
            report.problems.push(format!(
                "ledger numbers of {year} are not gapless: {} matters, highest {year}-{max:06}, counter at {last}",
                seqs.len()
            ));
        }
    }
    if store.counter(Counter::Petitioner)? < max_pet {
        report
            .problems
            .push("petitioner counter is behind the highest petitioner number".into());
    }
    records::<super::drafts::Draft>(store, T::Drafts, &mut report)?;
    // The audit trail is a record too: every entry must decode, and the
    // counter must be past the last one or the next entry would overwrite it.
    let audit = collect_records(store.audit_trail(), &mut report)?;
    let last_audit = audit.iter().map(|(seq, _)| *seq).max().unwrap_or(0);
    if store.counter(Counter::Audit)? < last_audit {
        report
            .problems
            .push("audit counter is behind the last audit entry".into());
    }
    if store.counter(Counter::Contact)? < max_contact {
        report
            .problems
            .push("contact counter is behind the highest contact number".into());
    }

    // Every index entry must be explained by a record, and every record's
    // entries must be present with the right value.
    for t in T::ALL.iter().copied().filter(|t| t.is_index()) {
        let mut want = expected.remove(&t).unwrap_or_default();
        for r in store.index_range(t, ..) {
            // A damaged bucket is named and the scan goes on to the next.
            let (k, v) = match r {
                Ok(kv) => kv,
                Err(StoreError::Corrupt { record, detail }) => {
                    report
                        .problems
                        .push(format!("{record} is damaged: {detail}"));
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            report.index_entries += 1;
            match want.remove(&k) {
                None => report.problems.push(format!(
                    "{} has an entry {} that no record explains",
                    t.name(),
                    show(&k)
                )),
                Some((value, owner)) if value != v => report.problems.push(format!(
                    "{} entry {} for {owner} has a stale value",
                    t.name(),
                    show(&k)
                )),
                Some(_) => {}
            }
        }
        for (k, (_, owner)) in want {
            report.problems.push(format!(
                "{} is missing the entry {} for {owner}",
                t.name(),
                show(&k)
            ));
        }
    }
    Ok(report)
}

/// An index key as text where it is text, else hex.
fn show(key: &[u8]) -> String {
    let text_end = key.iter().position(|b| *b == 0).unwrap_or(key.len());
    match std::str::from_utf8(&key[..text_end]) {
        Ok(t) if !t.is_empty() && text_end < key.len() => {
            format!(
                "{t:?}+{}",
                key[text_end + 1..]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
        }
        _ => key.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

impl Desk {
    /// Verifies the whole database; admins only, since a problem names the
    /// index entry it concerns, and those of ID numbers and phones hold them
    /// whole. Writers wait meanwhile: a change committed between the scans of
    /// two trees would read as damage.
    pub fn check(&self) -> Result<CheckReport> {
        self.require(Duty::Administer, super::deed::CHECK)?;
        let _guard = self.store().lock_writes()?;
        check(self.store())
    }
}
