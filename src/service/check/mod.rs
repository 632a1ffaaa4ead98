//! `check`: decode every record and verify every index entry against the
//! records, in both directions, plus the references between records and the
//! gapless ledger numbers.

mod indexes;

use super::{Desk, Result};
use crate::domain::permit::Duty;
use crate::domain::{Category, LedgerNo, Matter, Petitioner, Staff, Town, Unit, Village};
use crate::store::index::{matter_entries, petitioner_entries};
use crate::store::{is_matter_key, is_petitioner_key, Counter, Store, StoreError, T};
use indexes::{check_indexes, Expectations, Owner};
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

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub records: usize,
    pub index_entries: usize,
    pub problems: Vec<String>,
    /// Not damage: the database directory or its files are more open than
    /// docs/rules.md (File modes) allows, each with the path, its mode and the chmod to run; a
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

/// Decodes the records of `t` one at a time into `f`, never all at once
/// (the matters hold every contact); damaged ones become problems.
fn each_record<V: DeserializeOwned + 'static>(
    store: &Store,
    t: T,
    report: &mut CheckReport,
    mut f: impl FnMut(&mut CheckReport, Vec<u8>, V),
) -> Result<()> {
    for r in store.records::<V>(t) {
        match r {
            Ok((k, v)) => {
                report.records += 1;
                f(report, k, v);
            }
            Err(StoreError::Corrupt { record, detail }) => report
                .problems
                .push(format!("{record} is damaged: {detail}")),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
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
    warn_of_reclaimable_space(store, &mut report);
    let dir = store.path().parent().unwrap_or(Path::new("."));
    let mut expected = Expectations::new(dir);
    let staff = check_reference(store, &mut report)?;
    let pets = check_petitioners(store, &mut report, &mut expected)?;
    let matters = check_matters(store, &mut report, &mut expected, &pets, &staff)?;
    check_listed_matters(&pets, &matters.ledgers, &mut report);
    check_ledgers(store, &matters.ledgers, &mut report)?;
    check_notices(store, &matters.ledgers, &mut report)?;
    if store.counter(Counter::Petitioner)? < pets.max {
        report
            .problems
            .push("petitioner counter is behind the highest petitioner number".into());
    }
    check_cases(store, &mut report, &mut expected, &matters.ledgers, &staff)?;
    records::<super::drafts::Draft>(store, T::Drafts, &mut report)?;
    check_audit_trail(store, &mut report)?;
    if store.counter(Counter::Contact)? < matters.max_contact {
        report
            .problems
            .push("contact counter is behind the highest contact number".into());
    }
    check_indexes(store, expected, &mut report)?;
    Ok(report)
}

/// A file much larger than what it holds is worth compacting.
fn warn_of_reclaimable_space(store: &Store, report: &mut CheckReport) {
    if worth_compacting(report.file_bytes, report.stored_bytes) {
        report.warnings.push(format!(
            "{}: the database file is {} for {} of records and indexes; `xfdesk compact` (with the server stopped) gives back most of the difference",
            store.path().display(),
            crate::service::compact::mib(report.file_bytes),
            crate::service::compact::mib(report.stored_bytes)
        ));
    }
}

/// Whether a file of `file` bytes holding `stored` bytes of keys and values
/// gives back enough to compact (a compacted file is about three times
/// what it holds).
fn worth_compacting(file: u64, stored: u64) -> bool {
    file > RECLAIM_RATIO * stored.max(1) && file.saturating_sub(3 * stored) >= MIN_RECLAIM
}

/// Places, units, categories and staff decode, and every village's town
/// exists; the logins of the staff.
fn check_reference(store: &Store, report: &mut CheckReport) -> Result<HashSet<String>> {
    let towns: HashSet<String> = records::<Town>(store, T::Towns, report)?
        .into_iter()
        .map(|(_, t)| t.code)
        .collect();
    for (_, v) in records::<Village>(store, T::Villages, report)? {
        if !towns.contains(&v.town) {
            report.problems.push(format!(
                "village {} belongs to unknown town {}",
                v.code, v.town
            ));
        }
    }
    records::<Unit>(store, T::Units, report)?;
    records::<Category>(store, T::Categories, report)?;
    Ok(records::<Staff>(store, T::Staff, report)?
        .into_iter()
        .map(|(_, s)| s.login)
        .collect())
}

/// The petitioners on file: the matters each lists, and the highest number.
struct Petitioners {
    matters: HashMap<u64, Vec<LedgerNo>>,
    max: u64,
}

fn check_petitioners(
    store: &Store,
    report: &mut CheckReport,
    expected: &mut Expectations,
) -> Result<Petitioners> {
    let mut pets = Petitioners {
        matters: HashMap::new(),
        max: 0,
    };
    each_record(store, T::Petitioners, report, |report, k, p: Petitioner| {
        let right_key = is_petitioner_key(&k, p.id);
        key_mismatch(report, T::Petitioners, p.id.to_string(), right_key);
        expected.expect(petitioner_entries(&p), || Owner::Petitioner(p.id));
        pets.max = pets.max.max(p.id);
        pets.matters.insert(p.id, p.matters);
    })?;
    Ok(pets)
}

/// The matters on file: the ledger numbers of each year, and the highest
/// contact number.
struct Matters {
    ledgers: BTreeMap<u16, BTreeSet<u32>>,
    max_contact: u64,
}

fn check_matters(
    store: &Store,
    report: &mut CheckReport,
    expected: &mut Expectations,
    pets: &Petitioners,
    staff: &HashSet<String>,
) -> Result<Matters> {
    let (cal, tz) = (store.calendar(), store.tz());
    let cal = &*cal;
    let mut out = Matters {
        ledgers: BTreeMap::new(),
        max_contact: 0,
    };
    let mut contact_ids = HashSet::new();
    each_record(store, T::Matters, report, |report, k, m: Matter| {
        let l = m.ledger;
        key_mismatch(report, T::Matters, l.to_string(), is_matter_key(&k, l));
        expected.expect(matter_entries(&m, cal, tz), || Owner::Matter(l));
        out.ledgers.entry(l.year).or_default().insert(l.seq);
        check_parties(&m, pets, report);
        if !staff.contains(&m.first_receiver) {
            report.problems.push(format!(
                "matter {l} has first receiver {:?}, who is not staff",
                m.first_receiver
            ));
        }
        report.records += m.contacts.len();
        for c in &m.contacts {
            out.max_contact = out.max_contact.max(c.id);
        }
        check_contacts(&m, &mut contact_ids, report);
    })?;
    Ok(out)
}

/// Key cases and supervision letters: each names a matter on file (a case
/// also a leader on the staff), and their index entries are expected.
fn check_cases(
    store: &Store,
    report: &mut CheckReport,
    expected: &mut Expectations,
    ledgers: &BTreeMap<u16, BTreeSet<u32>>,
    staff: &HashSet<String>,
) -> Result<()> {
    use crate::domain::case::Case;
    use crate::domain::supervision::{ReceptionDay, Supervision};
    use crate::store::cases::{case_entries, supervision_entries};
    let on_file = |l: LedgerNo| ledgers.get(&l.year).is_some_and(|s| s.contains(&l.seq));
    for (_, c) in records::<Case>(store, T::Cases, report)? {
        let c: Case = c;
        if !on_file(c.matter) {
            report
                .problems
                .push(format!("{c} names a matter not on file"));
        }
        if !staff.contains(&c.leader) {
            report
                .problems
                .push(format!("{c} has leader {:?}, who is not staff", c.leader));
        }
        expected.expect(case_entries(&c), || Owner::Other(c.to_string().into()));
    }
    for (_, s) in records::<Supervision>(store, T::Supervisions, report)? {
        let s: Supervision = s;
        if !on_file(s.matter) {
            report
                .problems
                .push(format!("{s} names matter {}, not on file", s.matter));
        }
        expected.expect(supervision_entries(&s), || {
            Owner::Other(s.to_string().into())
        });
    }
    records::<ReceptionDay>(store, T::ReceptionDays, report)?;
    records::<crate::domain::keylist::Watch>(store, T::Watches, report)?;
    Ok(())
}

/// Every petitioner a matter names exists and lists it.
fn check_parties(m: &Matter, pets: &Petitioners, report: &mut CheckReport) {
    let l = m.ledger;
    for p in &m.petitioners {
        match pets.matters.get(p) {
            None => report.problems.push(format!(
                "matter {l} names petitioner {p}, who does not exist"
            )),
            Some(ms) if !ms.contains(&l) => report.problems.push(format!(
                "petitioner {p} does not list matter {l}, which names them"
            )),
            Some(_) => {}
        }
    }
}

/// Every contact of a matter is filed in it, numbered once in the whole
/// database, and names only the matter's petitioners.
fn check_contacts(m: &Matter, contact_ids: &mut HashSet<u64>, report: &mut CheckReport) {
    let l = m.ledger;
    for c in &m.contacts {
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

/// Every matter a petitioner lists exists.
fn check_listed_matters(
    pets: &Petitioners,
    ledgers: &BTreeMap<u16, BTreeSet<u32>>,
    report: &mut CheckReport,
) {
    for (p, ms) in &pets.matters {
        for l in ms {
            if !ledgers.get(&l.year).is_some_and(|s| s.contains(&l.seq)) {
                report.problems.push(format!(
                    "petitioner {p} lists matter {l}, which does not exist"
                ));
            }
        }
    }
}

/// Every notice reads, belongs to a matter on file, and its kind and year's
/// counter is at or past its number (else the next one issued would repeat it).
fn check_notices(
    store: &Store,
    ledgers: &BTreeMap<u16, BTreeSet<u32>>,
    report: &mut CheckReport,
) -> Result<()> {
    let mut highest: BTreeMap<Counter, u32> = BTreeMap::new();
    for n in collect_records(store.all_notices(), report)? {
        if !ledgers
            .get(&n.ledger.year)
            .is_some_and(|s| s.contains(&n.ledger.seq))
        {
            report.problems.push(format!(
                "notice {} names matter {}, which is not on file",
                n.doc_no, n.ledger
            ));
        }
        let h = highest.entry(Counter::Notice(n.kind, n.year)).or_default();
        *h = (*h).max(n.seq);
    }
    for (counter, high) in highest {
        if store.counter(counter)? < u64::from(high) {
            report.problems.push(format!(
                "{counter} counter is behind the highest number issued ({high})"
            ));
        }
    }
    Ok(())
}

/// Each year's ledger numbers run from 1 without a gap up to its counter.
fn check_ledgers(
    store: &Store,
    ledgers: &BTreeMap<u16, BTreeSet<u32>>,
    report: &mut CheckReport,
) -> Result<()> {
    for (year, seqs) in ledgers {
        let last = store.counter(Counter::Ledger(*year))?;
        let max = u64::from(*seqs.iter().next_back().unwrap_or(&0));
        if seqs.len() as u64 != max || last != max {
            report.problems.push(format!(
                "ledger numbers of {year} are not gapless: {} matters, highest {year}-{max:06}, counter at {last}",
                seqs.len()
            ));
        }
    }
    Ok(())
}

/// The audit trail is a record too: every entry must decode, and the
/// counter must be past the last one or the next entry would overwrite it.
fn check_audit_trail(store: &Store, report: &mut CheckReport) -> Result<()> {
    let audit = collect_records(store.audit_trail(), report)?;
    let last_audit = audit.iter().map(|(seq, _)| *seq).max().unwrap_or(0);
    if store.counter(Counter::Audit)? < last_audit {
        report
            .problems
            .push("audit counter is behind the last audit entry".into());
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::worth_compacting;

    const MIB: u64 = 1 << 20;

    #[test]
    fn compaction_is_advised_only_when_it_gives_back_much() {
        // Just imported: 37 MiB for 4.9 MiB of records and indexes.
        assert!(worth_compacting(37 * MIB, 49 * MIB / 10));
        // Just compacted: about three times what it holds.
        assert!(!worth_compacting(28 * MIB, 9 * MIB));
        // Many times over, but too little to give back.
        assert!(!worth_compacting(10 * MIB, MIB));
    }
}
