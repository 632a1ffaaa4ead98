//! `xfdesk backup` and `xfdesk restore`: a damaged database comes back
//! exactly from its backup; restore refuses what it must (a path in use, a
//! truncated or altered file, a newer format, a person who is not an admin
//! of the backup's office). Backups through a server: backup_online.rs.

mod common;

use common::backup::{office_with_backup, ok, run};

use common::bin::text;
use common::{audit_trail, repeat_visit, walk_in, write_file, Office, TestDb, TOWN, TOWN2};
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::macros::{date, datetime};
use time::OffsetDateTime;
use xfdesk::domain::{
    AuditEntry, Category, LedgerNo, Level, Matter, Petitioner, Role, Staff, Step, Town, Unit,
    Village,
};
use xfdesk::service::drafts::Draft;
use xfdesk::service::{current_unix_user, Desk, ServiceError};
use xfdesk::store::{OpenOptions, Store, T};

/// Everything a database holds but its indexes, read straight from the store.
#[derive(Debug, PartialEq)]
struct State {
    towns: Vec<Town>,
    villages: Vec<Village>,
    units: Vec<Unit>,
    categories: Vec<Category>,
    staff: Vec<Staff>,
    petitioners: Vec<Petitioner>,
    matters: Vec<Matter>,
    drafts: Vec<(Vec<u8>, Draft)>,
    counters: Vec<(String, u64)>,
    audit: Vec<(Vec<u8>, AuditEntry)>,
    holidays: xfdesk::domain::workflow::Holidays,
    stat_start_day: u8,
    tz: time::UtcOffset,
}

fn all<V: serde::de::DeserializeOwned + 'static>(store: &Store, t: T) -> Vec<V> {
    store.records::<V>(t).map(|r| r.unwrap().1).collect()
}

fn state(store: &Store) -> State {
    State {
        towns: all(store, T::Towns),
        villages: all(store, T::Villages),
        units: all(store, T::Units),
        categories: all(store, T::Categories),
        staff: all(store, T::Staff),
        petitioners: all(store, T::Petitioners),
        matters: all(store, T::Matters),
        drafts: store.records(T::Drafts).map(|r| r.unwrap()).collect(),
        counters: store
            .counters()
            .unwrap()
            .into_iter()
            .map(|(c, v)| (c.name(), v))
            .collect(),
        audit: store.records(T::Audit).map(|r| r.unwrap()).collect(),
        holidays: store.calendar().holidays.clone(),
        stat_start_day: store.stat_start_day(),
        tz: store.tz(),
    }
}

fn counter(s: &State, name: &str) -> u64 {
    s.counters
        .iter()
        .find(|(n, _)| n == name)
        .map_or(0, |(_, v)| *v)
}

const START: OffsetDateTime = datetime!(2025-12-29 09:00 +8);

/// An office with a history whose numbers do not follow the order of an
/// export: registrations on two matters in turn (contact numbers), matters
/// in two years (two ledger counters), a skip-level repeat visit, actions up
/// to a reply and a reassignment, holidays, a statistical month, a draft, a
/// disabled login, audited views. Returns it open as the admin.
fn busy_office() -> Office {
    let mut o = Office::new(START);
    let a = o.register("zhangli", "jy", TOWN);
    let b = o.register("chenjing", "cxjs", TOWN2);
    let who_a = o.matter(a).petitioners[0];
    let who_b = o.matter(b).petitioners[0];
    o.wait(time::Duration::days(1));
    o.db.as_user("zhangli")
        .register(&repeat_visit(who_a, a, Level::Province))
        .unwrap();
    let c = o.register("zhangli", "jy", TOWN);
    o.wait(time::Duration::hours(2));
    o.db.as_user("chenjing")
        .register(&repeat_visit(who_b, b, Level::County))
        .unwrap();
    o.walk(
        a,
        &[
            ("zhangli", Step::Accept, &[("unit", "jtj")]),
            (
                "wangwei",
                Step::Reply,
                &[("note", "已答复"), ("opinion", "support")],
            ),
            ("zhangli", Step::Evaluate, &[("satisfaction", "basic")]),
        ],
    );
    o.walk(
        b,
        &[(
            "lijun",
            Step::ReassignFirstReceiver,
            &[("to", "zhangli"), ("reason", "调岗")],
        )],
    );
    o.walk(c, &[("zhangli", Step::Accept, &[("unit", "zrj")])]);
    let admin = o.db.as_admin();
    admin
        .set_holidays(xfdesk::domain::workflow::Holidays::new(
            BTreeSet::from([date!(2026 - 02 - 17), date!(2026 - 02 - 18)]),
            BTreeSet::from([date!(2026 - 02 - 28)]),
        ))
        .unwrap();
    admin.set_stat_start_day(21).unwrap();
    admin.staff_disable("sunli").unwrap();
    admin.petitioner_card(who_a).unwrap();
    o.db.as_user("chenjing")
        .save_draft(vec![("name".into(), "半填的名字".into())])
        .unwrap();
    o.db.as_admin();
    o
}

/// Overwrites, in sled's log, the bytes around every copy of the town code
/// that most records carry, as a failing disk would.
fn damage(db: &Path) {
    let log = db.join("db");
    let mut bytes = std::fs::read(&log).unwrap();
    let needle = TOWN.as_bytes();
    let mut hits = 0;
    let mut i = 0;
    while i + needle.len() <= bytes.len() {
        if &bytes[i..i + needle.len()] == needle {
            let end = (i + 64).min(bytes.len());
            bytes[i.saturating_sub(16)..end].fill(0x5a);
            hits += 1;
            i = end;
        } else {
            i += 1;
        }
    }
    assert!(hits > 0, "the log holds the records");
    std::fs::write(&log, bytes).unwrap();
}

/// The store of `db`, once the process that had it let go.
fn open_store(db: &Path) -> Desk {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Desk::open(db, &OpenOptions::default(), &current_unix_user()) {
            Err(ServiceError::Store(xfdesk::store::StoreError::Locked(_)))
                if Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5))
            }
            other => return other.unwrap(),
        }
    }
}

#[test]
fn a_damaged_database_comes_back_exactly_from_its_backup() {
    let o = busy_office();
    // Taken before the backup, so its audit entry is in the backup too.
    let export_before = o.db.export();
    let TestDb { dir, desk } = o.db;
    drop(desk);
    let path = dir.path().join("db");
    let backup = dir.path().join("nightly.jsonl");
    let said = ok(&run(&path, &["backup", backup.to_str().unwrap()]), "backup");
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.starts_with("backed up: "), "{said}");
    assert!(!dir.path().join("nightly.jsonl.partial").exists());
    let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a backup holds every ID number whole");

    let desk = open_store(&path);
    let before = state(desk.store());
    drop(desk);
    // Numbers an import of the export would give otherwise.
    let ids: Vec<Vec<u64>> = before
        .matters
        .iter()
        .map(|m| m.contacts.iter().map(|c| c.id).collect())
        .collect();
    assert_eq!(ids, [vec![1, 3], vec![2, 5], vec![4]]);
    assert!(before.matters[0].contacts[1].skip_level);
    let last = before.audit.last().unwrap().1.clone();
    assert_eq!(last.record, "backup");
    assert_eq!(last.by, current_unix_user());
    assert!(last.what.contains("nightly.jsonl"), "{}", last.what);

    damage(&path);
    let out = run(&path, &["check"]);
    assert!(!out.status.success(), "the damage is found");
    let err = text(&out.stderr);
    assert!(err.contains("damaged") || err.contains("corrupt"), "{err}");

    let restored = dir.path().join("restored");
    let said = ok(
        &run(&restored, &["restore", backup.to_str().unwrap()]),
        "restore",
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("check passed"), "{said}");
    ok(
        &run(&restored, &["check"]),
        "check of the restored database",
    );

    let mut desk = open_store(&restored);
    let after = state(desk.store());
    // The trail as it was, numbers and all, and one entry more: the restore.
    assert_eq!(after.audit.len(), before.audit.len() + 1);
    assert_eq!(after.audit[..before.audit.len()], before.audit[..]);
    let (key, entry) = after.audit.last().unwrap();
    assert_eq!(
        common::raw_keys::read_u64(key),
        Some(before.audit.len() as u64 + 1)
    );
    assert_eq!(
        (entry.by.as_str(), entry.record.as_str()),
        (current_unix_user().as_str(), "restore")
    );
    assert!(entry.what.contains("nightly.jsonl"), "{}", entry.what);
    // Every record with its numbers and derived flags, every counter but the
    // trail's, the settings and the draft.
    let mut expected = before;
    expected.audit = after.audit.clone();
    for (name, value) in &mut expected.counters {
        if name == "audit" {
            *value += 1;
        }
    }
    assert_eq!(after, expected);
    assert_eq!(after.stat_start_day, 21);
    assert_eq!(after.drafts.len(), 1);
    assert!(after.counters.iter().any(|(n, _)| n == "ledger/2025"));

    let mut export_after = Vec::new();
    desk.export(&mut export_after, "test").unwrap();
    assert!(
        export_after == export_before.as_bytes(),
        "the export of the restored database is the original's, byte for byte"
    );

    // The office goes on where it stopped: the next numbers follow.
    desk.set_clock(Box::new(xfdesk::service::FixedClock(
        datetime!(2026-03-02 10:00 +8),
    )));
    let r = desk
        .register(&walk_in("新来人", "", "jy", "恢复后第一件"))
        .unwrap();
    assert_eq!(
        r.ledger,
        LedgerNo {
            year: 2026,
            seq: counter(&after, "ledger/2026") as u32 + 1
        }
    );
    assert_eq!(r.contact, counter(&after, "contact") + 1);
    assert_eq!(r.petitioner, counter(&after, "petitioner") + 1);
}

/// Restore's refusal: one line on standard error, and nothing at `dest` or
/// beside it.
fn refused(dest: &Path, backup: &Path) -> String {
    let out = run(dest, &["restore", backup.to_str().unwrap()]);
    assert!(!out.status.success(), "refused: {}", text(&out.stdout));
    let err = text(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!xfdesk::service::restore::building_path(dest).exists());
    err
}

#[test]
fn restore_refuses_a_path_in_use_and_changes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, backup) = office_with_backup(dir.path());

    let full = dir.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("keep.txt"), "mine").unwrap();
    let err = refused(&full, &backup);
    assert!(
        err.contains("is not empty") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(full.join("keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&full).unwrap().count(), 1);

    // The database itself: refused, and still sound.
    let err = refused(&db, &backup);
    assert!(err.contains("is not empty"), "{err}");
    ok(&run(&db, &["check"]), "check");

    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = refused(&file, &backup);
    assert!(err.contains("is a file"), "{err}");

    // An empty directory is taken, with its mode.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o750)).unwrap();
    ok(
        &run(&empty, &["restore", backup.to_str().unwrap()]),
        "restore",
    );
    let mode = std::fs::metadata(&empty).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o750);
    ok(&run(&empty, &["check"]), "check");
    // … and once it holds a database, never again.
    let err = refused(&empty, &backup);
    assert!(err.contains("is not empty"), "{err}");
}

#[test]
fn restore_refuses_a_truncated_damaged_or_newer_backup_naming_the_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let (_db, backup) = office_with_backup(dir.path());
    let good = std::fs::read_to_string(&backup).unwrap();
    let lines: Vec<&str> = good.lines().collect();
    let n = lines.len();
    let dest = dir.path().join("restored");
    let variant = |name: &str, text: String| write_file(dir.path(), name, &text);

    // Cut after a whole line: the closing line is missing.
    let cut = variant("cut.jsonl", lines[..n - 1].join("\n") + "\n");
    let err = refused(&dest, &cut);
    assert!(
        err.contains(&format!("cut.jsonl:{}:", n - 1)) && err.contains("truncated"),
        "{err}"
    );
    // Cut inside a line.
    let upto = lines[..9].iter().map(|l| l.len() + 1).sum::<usize>() + lines[9].len() / 2;
    let half = variant("half.jsonl", good[..upto].to_string());
    let err = refused(&dest, &half);
    assert!(
        err.contains("half.jsonl:10:") && err.contains("truncated"),
        "{err}"
    );
    // A line that is no longer JSON.
    let mut broken: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    broken[4] = broken[4].replacen('}', "", 1);
    let err = refused(&dest, &variant("broken.jsonl", broken.join("\n") + "\n"));
    assert!(err.contains("broken.jsonl:5:"), "{err}");
    // A line changed and still valid: the checksum catches it.
    let changed = good.replacen("于营", "于莹", 1);
    assert_ne!(changed, good);
    let err = refused(&dest, &variant("changed.jsonl", changed));
    assert!(
        err.contains(&format!("changed.jsonl:{n}:")) && err.contains("checksum"),
        "{err}"
    );
    // A line taken out in the middle: the closing line's counts catch it.
    let mut fewer: Vec<&str> = lines.clone();
    fewer.remove(n / 2);
    let err = refused(&dest, &variant("fewer.jsonl", fewer.join("\n") + "\n"));
    assert!(err.contains(&format!("fewer.jsonl:{}:", n - 1)), "{err}");
    // A format from a newer release.
    let newer = good.replacen("\"format\":1,", "\"format\":2,", 1);
    let err = refused(&dest, &variant("newer.jsonl", newer));
    assert!(
        err.contains("newer.jsonl:1:") && err.contains("backup format 2") && err.contains("newer"),
        "{err}"
    );
    // An export is no backup.
    let exported = dir.path().join("export.jsonl");
    let err = refused(&dest, &exported_to(&dir.path().join("db"), &exported));
    assert!(
        err.contains("export.jsonl:1:") && err.contains("xfdesk import"),
        "{err}"
    );
    assert!(!dest.exists());

    // The good one restores.
    ok(
        &run(&dest, &["restore", backup.to_str().unwrap()]),
        "restore",
    );
}

fn exported_to(db: &Path, out: &Path) -> PathBuf {
    ok(
        &run(db, &["export", "--out", out.to_str().unwrap()]),
        "export",
    );
    out.to_path_buf()
}

#[test]
fn only_admins_back_up_and_only_an_admin_of_the_backup_restores_it() {
    let mut db = TestDb::office("", START, "zhangli");
    let before = audit_trail(&db).len();
    let mut out = Vec::new();
    let e = db
        .as_user("zhangli")
        .backup(&mut out, "/tmp/x.jsonl")
        .unwrap_err();
    assert!(
        matches!(
            &e,
            ServiceError::Forbidden {
                role: Role::Receptionist,
                ..
            }
        ),
        "{e}"
    );
    assert!(out.is_empty(), "nothing written");
    assert_eq!(audit_trail(&db).len(), before, "a refusal writes nothing");

    // A backup whose office has another admin, and the Unix user running
    // the tests demoted: it may not restore it.
    let me = current_unix_user();
    db.as_admin().staff_role("lijun", Role::Admin).unwrap();
    db.as_user("lijun")
        .staff_role(&me, Role::Receptionist)
        .unwrap();
    let path = db.dir.path().join("b.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    db.as_user("lijun").backup(&mut file, "b.jsonl").unwrap();
    drop(file);
    let dest = db.dir.path().join("restored");
    let err = refused(&dest, &path);
    assert!(
        err.contains(&format!("{me:?} is a receptionist in this backup")) && err.contains("lijun"),
        "{err}"
    );
    assert!(!dest.exists());
}
