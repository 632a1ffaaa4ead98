//! The office's settings for its numbers (docs/rules.md#office-settings): skip-level counted
//! against the body with authority plus the office's allowance, one
//! collective threshold for statistics and scorecards, and 零访村 ended only
//! by a visit at the office's levels.

mod common;

use common::{new_person, repeat_visit, walk_in, TestDb, TOWN};
use time::macros::datetime;
use xfdesk::domain::period::Period;
use xfdesk::domain::rules::Rules;
use xfdesk::domain::{Channel, Level};
use xfdesk::service::ServiceError;

const FOUR_NO: &str = include_str!("../fixtures/rules/four-no.toml");

fn year() -> Period {
    Period::year(2026, 1).unwrap()
}

fn skip_level_in(db: &TestDb, rules: &Rules) -> u64 {
    db.desk
        .scorecard(rules, &year())
        .unwrap()
        .iter()
        .map(|t| t.criteria["no_skip_level"].batches)
        .sum()
}

/// A county matter visited at `level` before any reply.
fn office_with_a_visit_at(level: Level) -> TestDb {
    let mut db = TestDb::office("", datetime!(2026-05-06 09:00 +8), "zhangli");
    let first = db
        .desk
        .register(&walk_in("上访人", "", "jy", "学校撤并"))
        .unwrap();
    db.set_now(datetime!(2026-05-08 09:00 +8));
    db.desk
        .register(&repeat_visit(first.petitioner, first.ledger, level))
        .unwrap();
    db
}

#[test]
fn a_city_visit_on_a_county_matter_is_not_skip_level_and_a_province_visit_is() {
    let four_no = Rules::parse(FOUR_NO, "four-no.toml").unwrap();
    let mut db = office_with_a_visit_at(Level::City);
    db.as_user("lijun");
    assert_eq!(db.desk.stats(&year()).unwrap().skip_level, 0);
    assert_eq!(skip_level_in(&db, &four_no), 0);

    let db = office_with_a_visit_at(Level::Province);
    let mut db = db;
    db.as_user("lijun");
    assert_eq!(db.desk.stats(&year()).unwrap().skip_level, 1);
    assert_eq!(skip_level_in(&db, &four_no), 1);
}

#[test]
fn an_office_that_allows_only_the_body_with_authority_counts_the_city_visit_and_back() {
    let four_no = Rules::parse(FOUR_NO, "four-no.toml").unwrap();
    let mut db = office_with_a_visit_at(Level::City);
    // Only admins change it; the refusal changes nothing.
    let refused = db
        .as_user("lijun")
        .set_office_setting("skip_level_allowance", "0")
        .unwrap_err();
    assert!(
        matches!(refused, ServiceError::Forbidden { .. }),
        "{refused}"
    );
    assert_eq!(db.desk.office_rules().unwrap().skip_level_allowance, 1);

    let changed = db
        .as_admin()
        .set_office_setting("skip_level_allowance", "0")
        .unwrap();
    assert_eq!(changed.matters_rederived, 1);
    assert_eq!((changed.old.as_str(), changed.new.as_str()), ("1", "0"));
    assert_eq!(db.desk.stats(&year()).unwrap().skip_level, 1);
    assert_eq!(skip_level_in(&db, &four_no), 1);
    let trail = common::audit_trail(&db);
    let last = trail.last().unwrap();
    assert!(
        last.what
            .contains("office setting skip_level_allowance: 0 (was 1)"),
        "{}",
        last.what
    );

    // The setting and the flags survive a reopen, and the way back works.
    let mut db = db.reopen(
        &xfdesk::service::current_unix_user(),
        datetime!(2026-05-09 09:00 +8),
    );
    assert_eq!(db.desk.office_rules().unwrap().skip_level_allowance, 0);
    assert_eq!(db.desk.stats(&year()).unwrap().skip_level, 1);
    db.as_admin()
        .set_office_setting("skip_level_allowance", "1")
        .unwrap();
    assert_eq!(db.desk.stats(&year()).unwrap().skip_level, 0);
    assert!(common::integrity(&db.desk).is_ok());

    let bad = db
        .as_admin()
        .set_office_setting("skip_level_allowance", "many")
        .unwrap_err()
        .to_string();
    assert!(
        bad.contains("skip_level_allowance: \"many\" is not a whole number from 0 to 4"),
        "{bad}"
    );
    let bad = db
        .desk
        .set_office_setting("speed", "1")
        .unwrap_err()
        .to_string();
    assert!(bad.contains("no office setting \"speed\""), "{bad}");
}

/// A visit of `headcount` people at the city, on a new matter.
fn office_with_a_city_visit_of(headcount: u32) -> TestDb {
    let mut db = TestDb::office("", datetime!(2026-05-06 09:00 +8), "zhangli");
    let mut r = walk_in("带头人", "", "jy", "集体反映");
    r.level = Level::City;
    r.headcount = headcount;
    db.desk.register(&r).unwrap();
    db.as_user("lijun");
    db
}

fn collective_city(db: &TestDb, rules: &Rules) -> u64 {
    db.desk
        .scorecard(rules, &year())
        .unwrap()
        .iter()
        .map(|t| t.criteria["no_collective_city"].batches)
        .sum()
}

#[test]
fn statistics_and_scorecards_share_the_offices_collective_threshold() {
    let mut db = office_with_a_city_visit_of(3);
    let three_no = Rules::three_no();
    assert_eq!(db.desk.stats(&year()).unwrap().collective.batches, 0);
    assert_eq!(collective_city(&db, &three_no), 0);

    db.as_admin()
        .set_office_setting("collective_min_headcount", "3")
        .unwrap();
    assert_eq!(db.desk.stats(&year()).unwrap().collective.batches, 1);
    assert_eq!(collective_city(&db, &three_no), 1);

    // A rules file with its own threshold decides for its own scorecard only.
    let own = FOUR_NO.replacen(
        "\n[[criterion]]",
        "\ncollective_min_headcount = 5\n\n[[criterion]]",
        1,
    );
    let own = Rules::parse(&own, "own.toml").unwrap();
    assert_eq!(own.collective_min_headcount, Some(5));
    assert_eq!(collective_city(&db, &own), 0);
    assert_eq!(db.desk.stats(&year()).unwrap().collective.batches, 1);
}

const VILLAGES: &str = r#"{"type":"village","code":"370211001002","town":"370211001","name":"来信村"}
{"type":"village","code":"370211001003","town":"370211001","name":"乡镇访村"}
{"type":"village","code":"370211001004","town":"370211001","name":"县访村"}
"#;

#[test]
fn a_village_stops_being_zero_visit_only_on_a_visit_at_county_level_or_above() {
    let mut db = TestDb::office(VILLAGES, datetime!(2026-05-06 09:00 +8), "zhangli");
    let register = |name: &str, village: &str, channel: Channel, level: Level| {
        let mut r = walk_in(name, "", "jy", "反映问题");
        r.channel = channel;
        r.level = level;
        if channel == Channel::Letter {
            r.letter_no = Some(format!("信{name}"));
        }
        new_person(&mut r).village = Some(village.into());
        new_person(&mut r).town = Some(TOWN.into());
        db.desk.register(&r).unwrap();
    };
    register("写信人", "370211001002", Channel::Letter, Level::County);
    register("镇上访", "370211001003", Channel::Visit, Level::Town);
    register("县上访", "370211001004", Channel::Visit, Level::County);
    db.as_user("lijun");
    let zero = |db: &TestDb| -> Vec<String> {
        db.desk
            .zero_visit_villages(&year())
            .unwrap()
            .into_iter()
            .map(|v| v.code)
            .collect()
    };
    // 370211001001 has no petitioner at all.
    assert_eq!(zero(&db), ["370211001001", "370211001002", "370211001003"]);

    db.as_admin()
        .set_office_setting("zero_visit_levels", "town,county,city,province,national")
        .unwrap();
    assert_eq!(zero(&db), ["370211001001", "370211001002"]);
    let bad = db
        .desk
        .set_office_setting("zero_visit_levels", "county,village")
        .unwrap_err()
        .to_string();
    assert!(
        bad.contains("zero_visit_levels: \"village\" is not a level"),
        "{bad}"
    );
}

#[test]
fn a_schema_2_database_counted_skip_level_above_the_body_with_authority_until_migrated() {
    use xfdesk::service::Desk;
    use xfdesk::store::{OpenOptions, WriteSet, T};
    // What schema 2 stored: flags derived with no allowance, no office settings.
    let mut db = office_with_a_visit_at(Level::City);
    db.as_admin()
        .set_office_setting("skip_level_allowance", "0")
        .unwrap();
    {
        let store = db.desk.store();
        let mut ws = WriteSet::new(store);
        ws.remove(T::Meta, b"office".to_vec());
        ws.put_raw(T::Meta, b"schema".to_vec(), 2u32.to_be_bytes().to_vec());
        ws.commit().unwrap();
        store.flush().unwrap();
    }
    let path = db.path();
    let common::TestDb { dir, desk } = db;
    drop(desk);
    let opts = OpenOptions::default();
    let admin = xfdesk::service::current_unix_user();
    let err = common::retry_while_locked(|| Desk::open(&path, &opts, "lijun"))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("run `xfdesk migrate`"), "{err}");
    let done = common::retry_while_locked(|| Desk::migrate(&path, &opts, &admin)).unwrap();
    assert_eq!((done.from, done.to), (2, xfdesk::store::SCHEMA_VERSION));
    let desk = common::retry_while_locked(|| Desk::open(&path, &opts, "lijun")).unwrap();
    assert_eq!(desk.office_rules().unwrap().skip_level_allowance, 1);
    assert_eq!(desk.stats(&year()).unwrap().skip_level, 0);
    assert!(common::integrity(&desk).is_ok());
    drop(dir);
}

#[test]
fn the_office_command_shows_every_setting_and_an_admin_changes_one() {
    use common::bin::{text, xfdesk};
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let shown = text(&xfdesk(&db, &["--lang", "en", "office"]).stdout);
    assert!(
        shown.contains("skip_level_allowance = 1    # skip-level"),
        "{shown}"
    );
    assert!(shown.contains("collective_min_headcount = 5"), "{shown}");
    assert!(
        shown.contains("zero_visit_levels = county,city,province,national"),
        "{shown}"
    );
    let out = xfdesk(&db, &["office", "set", "collective_min_headcount", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("办公室设置已更改: collective_min_headcount = 3"),
        "{}",
        text(&out.stdout)
    );
    let out = xfdesk(&db, &["office", "set", "collective_min_headcount", "1"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr)
            .contains("collective_min_headcount: \"1\" is not a whole number of at least 2"),
        "{}",
        text(&out.stderr)
    );
    let shown = text(&xfdesk(&db, &["office", "show"]).stdout);
    assert!(
        shown.contains("collective_min_headcount = 3    # 集体访"),
        "{shown}"
    );
}
