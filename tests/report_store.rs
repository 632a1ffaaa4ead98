//! The report indexes: `check` verifies them, a holiday change re-dates the
//! rate facts of replied matters too, and a schema-1 database is migrated.

mod common;

use common::report_data::MONTH_DATA;
use common::{integrity, retry_while_locked, TestDb};
use time::macros::{date, datetime};
use xfdesk::domain::period::Period;
use xfdesk::service::report::Rate;
use xfdesk::service::{current_unix_user, Desk, ServiceError};
use xfdesk::store::index::event_date_key;
use xfdesk::store::{OpenOptions, WriteSet, SCHEMA_VERSION, T};

fn office() -> TestDb {
    TestDb::office(MONTH_DATA, datetime!(2026-04-10 09:00 +8), "zhaomin")
}

fn march() -> Period {
    Period::month(2026, 3, 1).unwrap()
}

#[test]
fn check_names_a_missing_rate_fact_and_a_stale_town_date_value() {
    let db = office();
    assert!(integrity(&db.desk).is_ok());
    let store = db.desk.store();
    let (town_key, _) = store.index_range(T::TownDate, ..).next().unwrap().unwrap();
    let mut ws = WriteSet::new(store);
    // M1's on-time fact (sequence 1), on its reply and due date 03-03.
    let m1 = xfdesk::domain::LedgerNo { year: 2026, seq: 1 };
    ws.remove(T::EventDate, event_date_key(date!(2026 - 03 - 03), m1, 1));
    ws.put_raw(T::TownDate, town_key, vec![0, 1, 0, 0, 0, 0, 1]);
    ws.commit().unwrap();
    let problems = integrity(&db.desk).problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("ix_event_date is missing the entry")
                && p.contains("matter 2026-000001")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("ix_town_date entry") && p.contains("stale value")),
        "{problems:?}"
    );
}

#[test]
fn a_new_holiday_list_re_judges_replies_already_made() {
    let mut db = office();
    assert_eq!(
        db.desk.stats(&march()).unwrap().on_time,
        Rate { num: 3, den: 4 }
    );
    // M2 was due 03-03 and replied 03-04: a holiday on 03-03 moves its due date.
    db.as_admin()
        .set_holidays(std::collections::BTreeSet::from([date!(2026 - 03 - 03)]).into())
        .unwrap();
    db.as_user("zhaomin");
    assert_eq!(
        db.desk.stats(&march()).unwrap().on_time,
        Rate { num: 4, den: 4 }
    );
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn a_schema_1_database_is_refused_until_an_admin_migrates_it() {
    let db = office();
    let before = db.desk.stats(&march()).unwrap();
    let path = db.path();
    {
        // What schema 1 wrote: town-date values without the category, no
        // event-date index.
        let store = db.desk.store();
        let mut ws = WriteSet::new(store);
        for r in store.index_range(T::TownDate, ..) {
            let (k, v) = r.unwrap();
            ws.put_raw(T::TownDate, k, v[..7].to_vec());
        }
        for r in store.index_range(T::EventDate, ..) {
            ws.remove(T::EventDate, r.unwrap().0);
        }
        ws.put_raw(T::Meta, b"schema".to_vec(), 1u32.to_be_bytes().to_vec());
        ws.commit().unwrap();
        store.flush().unwrap();
    }
    let TestDb { dir, desk } = db;
    drop(desk);
    let opts = OpenOptions::default();
    let err = retry_while_locked(|| Desk::open(&path, &opts, "zhaomin"))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("run `xfdesk migrate`"), "{err}");
    let err = retry_while_locked(|| Desk::migrate(&path, &opts, "zhaomin")).unwrap_err();
    assert!(matches!(err, ServiceError::Forbidden { .. }), "{err}");
    let done = retry_while_locked(|| Desk::migrate(&path, &opts, &current_unix_user())).unwrap();
    assert_eq!((done.from, done.to, done.matters), (1, SCHEMA_VERSION, 7));
    let again = retry_while_locked(|| Desk::migrate(&path, &opts, &current_unix_user())).unwrap();
    assert_eq!(
        (again.from, again.to, again.matters),
        (SCHEMA_VERSION, SCHEMA_VERSION, 0)
    );
    let desk = retry_while_locked(|| Desk::open(&path, &opts, "zhaomin")).unwrap();
    assert!(integrity(&desk).is_ok(), "{:?}", integrity(&desk).problems);
    assert_eq!(desk.stats(&march()).unwrap(), before);
    drop(dir);
}

#[test]
fn a_schema_4_database_finds_its_zero_visit_villages_once_migrated() {
    let db = TestDb::new();
    db.import("demo.jsonl", include_str!("../fixtures/demo.jsonl"))
        .unwrap();
    let year = Period::year(2025, 1).unwrap();
    let before = db.desk.zero_visit_villages(&year).unwrap();
    let all = db.desk.store().len(T::Villages);
    assert!(
        !before.is_empty() && before.len() < all,
        "some of the demo's {all} villages were visited in 2025, some not: {}",
        before.len()
    );
    let path = db.path();
    {
        // What schema 4 wrote: town-date values of the brief and category
        // only, and no village index.
        let store = db.desk.store();
        let mut ws = WriteSet::new(store);
        for r in store.index_range(T::TownDate, ..) {
            let (k, v) = r.unwrap();
            let category = xfdesk::store::index::ContactBrief::category(&v).unwrap();
            let old = [&v[..7], category.as_bytes()].concat();
            ws.put_raw(T::TownDate, k, old);
        }
        for r in store.index_range(T::VillagePeople, ..) {
            ws.remove(T::VillagePeople, r.unwrap().0);
        }
        ws.put_raw(T::Meta, b"schema".to_vec(), 4u32.to_be_bytes().to_vec());
        ws.commit().unwrap();
        store.flush().unwrap();
    }
    let TestDb { dir, desk } = db;
    drop(desk);
    let opts = OpenOptions::default();
    let admin = current_unix_user();
    let done = retry_while_locked(|| Desk::migrate(&path, &opts, &admin)).unwrap();
    assert_eq!((done.from, done.to), (4, SCHEMA_VERSION));
    let desk = retry_while_locked(|| Desk::open(&path, &opts, &admin)).unwrap();
    assert!(integrity(&desk).is_ok(), "{:?}", integrity(&desk).problems);
    assert_eq!(desk.zero_visit_villages(&year).unwrap(), before);
    drop(dir);
}
