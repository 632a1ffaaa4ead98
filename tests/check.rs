//! `check` finds damage; the store refuses what it cannot read safely.

mod common;

use common::raw_keys::{petitioner_key, text_key, u64_key};
use common::{TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::service::ServiceError;
use xfdesk::store::{OpenOptions, Store, WriteSet, T};

#[test]
fn a_clean_database_passes() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let r = db.desk.check().unwrap();
    assert!(r.is_ok(), "{:?}", r.problems);
    assert!(r.records >= 10 && r.index_entries > 5);
}

#[test]
fn a_missing_index_entry_is_named() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let mut ws = WriteSet::new(db.desk.store());
    ws.remove(T::Name, text_key("营", &u64_key(1)));
    ws.commit().unwrap();
    let r = db.desk.check().unwrap();
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(
        r.problems[0].contains("ix_name is missing the entry \"营\""),
        "{}",
        r.problems[0]
    );
    assert!(r.problems[0].contains("petitioner 1"), "{}", r.problems[0]);
}

#[test]
fn a_stray_index_entry_is_named() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let mut ws = WriteSet::new(db.desk.store());
    ws.put_raw(T::Phone, text_key("13999999999", &u64_key(1)), vec![]);
    ws.commit().unwrap();
    let r = db.desk.check().unwrap();
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(
        r.problems[0].contains("ix_phone has an entry \"13999999999\""),
        "{}",
        r.problems[0]
    );
}

#[test]
fn a_damaged_record_is_named() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let mut ws = WriteSet::new(db.desk.store());
    ws.put_raw(T::Petitioners, petitioner_key(1), vec![1, 0xff, 0xff]);
    ws.commit().unwrap();
    let r = db.desk.check().unwrap();
    assert!(
        r.problems
            .iter()
            .any(|p| p.starts_with("petitioners record 1 is damaged")),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_missing_record_is_named_by_what_refers_to_it() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let mut ws = WriteSet::new(db.desk.store());
    ws.remove(T::Petitioners, petitioner_key(1));
    ws.commit().unwrap();
    let store = db.desk.store();
    assert!(store.petitioner(1).unwrap().is_none());
    let r = db.desk.check().unwrap();
    assert!(
        r.problems.iter().any(|p| p.contains("petitioner 1")),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_schema_this_release_cannot_read_is_refused_with_a_clear_message() {
    let cases: [(Vec<u8>, &str); 3] = [
        (99u32.to_be_bytes().to_vec(), "written by a newer xfdesk"),
        (0u32.to_be_bytes().to_vec(), "needs a migration"),
        (vec![1, 2], "schema version is damaged"),
    ];
    for (bytes, want) in cases {
        let db = TestDb::new();
        let path = db.path();
        {
            let mut ws = WriteSet::new(db.desk.store());
            ws.put_raw(T::Meta, b"schema".to_vec(), bytes.clone());
            ws.commit().unwrap();
            db.desk.store().flush().unwrap();
        }
        let TestDb { dir, desk } = db;
        drop(desk);
        // The store just closed may hold sled's lock a moment longer.
        let opened = common::retry_while_locked(|| {
            Store::open(&path, &OpenOptions::default()).map_err(ServiceError::from)
        });
        let err = opened.err().expect("refused");
        assert!(err.to_string().contains(want), "{bytes:?}: {err}");
        drop(dir);
    }
}

#[test]
fn a_damaged_audit_entry_is_named() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let mut ws = WriteSet::new(db.desk.store());
    ws.put_raw(T::Audit, u64_key(1).to_vec(), vec![1, 0xff]);
    ws.commit().unwrap();
    let r = db.desk.check().unwrap();
    assert!(
        r.problems
            .iter()
            .any(|p| p.starts_with("audit") && p.contains("damaged")),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_path_without_a_database_is_not_created_by_accident() {
    let dir = tempfile::TempDir::new().unwrap();
    let missing = dir.path().join("nothing-here");
    let err = Store::open(&missing, &OpenOptions::default())
        .err()
        .expect("refused");
    assert!(err.to_string().contains("xfdesk init"), "{err}");
    assert!(!missing.exists());
}
