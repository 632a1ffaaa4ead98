//! A login searching faster than any desk is slowed, and flagged in the
//! trail once per burst; a desk searching at a clerk's pace is not.

mod common;

use common::{audit_trail, TestDb, INTERCHANGE_EXAMPLE};
use std::time::{Duration, Instant};
use xfdesk::domain::pace::{BURST, PER_SECOND};

/// Thirty surnames: each a search of its own (none continues another).
const SURNAMES: &str = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏";

fn flags(db: &TestDb) -> Vec<String> {
    audit_trail(db)
        .into_iter()
        .filter(|e| e.what.starts_with("lookup rate exceeded"))
        .map(|e| format!("{} {}", e.by, e.what))
        .collect()
}

#[test]
fn a_login_hammering_lookups_is_slowed_to_the_pace_and_flagged_once() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let login = db.desk.user().login.clone();
    let searches = BURST as usize + 6;
    let started = Instant::now();
    for q in SURNAMES.chars().take(searches) {
        db.desk.lookup(&q.to_string(), 20).unwrap();
    }
    let took = started.elapsed();
    // The burst is free; the six after it come at the pace, whatever the
    // bucket refilled while the burst ran.
    let least = Duration::from_secs_f64((searches as f64 - BURST) / PER_SECOND);
    assert!(took >= least - Duration::from_millis(10), "{took:?}");
    let flagged = flags(&db);
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    let prefix = format!("{login} lookup rate exceeded by {login}: 21 searches in ");
    assert!(flagged[0].starts_with(&prefix), "{flagged:?}");
    assert!(flagged[0].ends_with(" s"), "{flagged:?}");
}

#[test]
fn a_desk_typing_names_at_any_human_pace_is_neither_slowed_nor_flagged() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    // Fifteen names typed a keystroke at a time, as fast as a test can.
    for q in SURNAMES.chars().take(15) {
        for typed in [format!("{q}"), format!("{q}三"), format!("{q}三丰")] {
            db.desk.lookup(&typed, 20).unwrap();
        }
    }
    db.desk.lookup_done().unwrap();
    // None waited: the first search that waits is flagged.
    assert_eq!(flags(&db), Vec::<String>::new());
    assert_eq!(
        audit_trail(&db)
            .iter()
            .filter(|e| e.what.starts_with("looked up"))
            .count(),
        15
    );
}

#[test]
fn going_through_people_by_number_is_paced_like_searching() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let id = db.desk.lookup("于营", 1).unwrap()[0].id;
    db.desk.lookup_done().unwrap();
    let started = Instant::now();
    // A desk fetching people and opening cards by number, never searching.
    for _ in 0..13 {
        db.desk.found(id).unwrap();
        db.desk.petitioner_card(id).unwrap();
    }
    // The search before and 26 fetches: seven past the burst, from the
    // search on.
    let least = Duration::from_secs_f64((27.0 - BURST) / PER_SECOND);
    assert!(
        started.elapsed() >= least - Duration::from_millis(100),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(flags(&db).len(), 1, "{:?}", flags(&db));
}
