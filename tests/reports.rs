//! Scorecards, statistics and zero-visit villages against counts worked out
//! by hand (see tests/common/report_data.rs for the month and its edges).

mod common;

use common::report_data::{MONTH_DATA, T1, T2, T3};
use common::{audit_trail, TestDb};
use std::collections::BTreeMap;
use time::macros::{date, datetime};
use xfdesk::domain::period::Period;
use xfdesk::domain::rules::{Count, Rules};
use xfdesk::service::report::{Rate, Stats, TownScore};
use xfdesk::service::ServiceError;

const FOUR_NO: &str = include_str!("../fixtures/rules/four-no.toml");

fn office(login: &str) -> TestDb {
    TestDb::office(MONTH_DATA, datetime!(2026-04-10 09:00 +8), login)
}

fn march() -> Period {
    Period::month(2026, 3, 1).unwrap()
}

fn day(d: time::Date) -> Period {
    Period::custom(d, d).unwrap()
}

fn counts(n: &[(&str, u64, u64)]) -> BTreeMap<String, Count> {
    n.iter()
        .map(|(id, batches, persons)| {
            (
                id.to_string(),
                Count {
                    batches: *batches,
                    persons: *persons,
                },
            )
        })
        .collect()
}

fn score(town: &str, name: &str, score: i64, n: &[(&str, u64, u64)]) -> TownScore {
    TownScore {
        town: town.into(),
        name: name.into(),
        pass: score == 100,
        score,
        criteria: counts(n),
    }
}

fn zero3() -> [(&'static str, u64, u64); 3] {
    [
        ("no_national_provincial", 0, 0),
        ("no_collective_city", 0, 0),
        ("no_abnormal", 0, 0),
    ]
}

#[test]
fn march_scorecard_ranks_every_town_with_its_counts() {
    let db = office("zhaomin");
    let got = db.desk.scorecard(&Rules::three_no(), &march()).unwrap();
    let want = vec![
        score(T2, "黄岛街道", 100, &zero3()),
        // A town with no contact at all is listed, passes and scores 100.
        score(T3, "薛家岛街道", 100, &zero3()),
        // Province c4 and national c5 (20 each), the collective of exactly
        // five at city c9 (10), the abnormal letter c11 (20).
        score(
            T1,
            "辛安街道",
            30,
            &[
                ("no_national_provincial", 2, 2),
                ("no_collective_city", 1, 5),
                ("no_abnormal", 1, 1),
            ],
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn four_no_counts_skip_level_visits_at_every_stage() {
    let mut db = office("lijun");
    let rules = Rules::parse(FOUR_NO, "four-no.toml").unwrap();
    // With the office's default allowance (本级或者上一级) none of M2's visits
    // is skip-level: c6 reaches the city before the reply (county has
    // authority), c4 the province after it, c5 Beijing after the review
    // decision; nor is the collective c9 at the city before its resolution.
    let got = db.desk.scorecard(&rules, &march()).unwrap();
    let t1 = got.iter().find(|s| s.town == T1).unwrap();
    assert_eq!(t1.criteria["no_skip_level"], Count::default());
    assert_eq!((t1.pass, t1.score), (false, 30));

    // Where only the body with authority may be visited, each is one level
    // too high; not c7 nor c10.
    db.as_admin()
        .set_office_setting("skip_level_allowance", "0")
        .unwrap();
    db.as_user("lijun");
    let got = db.desk.scorecard(&rules, &march()).unwrap();
    let t1 = got.iter().find(|s| s.town == T1).unwrap();
    assert_eq!(
        t1.criteria["no_skip_level"],
        Count {
            batches: 4,
            persons: 8
        }
    );
    assert_eq!((t1.pass, t1.score), (false, 10));
    let summaries = |criterion: &str| -> Vec<String> {
        db.desk
            .scorecard_contacts(&rules, &march(), T1, criterion)
            .unwrap()
            .into_iter()
            .map(|c| c.summary)
            .collect()
    };
    assert_eq!(
        summaries("no_skip_level")[..2],
        ["c6", "=HYPERLINK(\"http://x\",\"c4\")"]
    );
    assert_eq!(summaries("no_skip_level")[2..], ["c9", "c5"]);
}

#[test]
fn the_drill_down_shows_the_contacts_behind_a_count() {
    let db = office("zhaomin");
    let rules = Rules::three_no();
    let got = db
        .desk
        .scorecard_contacts(&rules, &march(), T1, "no_national_provincial")
        .unwrap();
    let brief: Vec<(String, u32, String)> = got
        .iter()
        .map(|c| {
            (
                c.matter.to_string(),
                c.headcount,
                c.level.code().to_string(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            ("2026-000002".to_string(), 1, "province".to_string()),
            ("2026-000002".to_string(), 1, "national".to_string())
        ]
    );
    let collective = db
        .desk
        .scorecard_contacts(&rules, &march(), T1, "no_collective_city")
        .unwrap();
    assert_eq!(collective.len(), 1);
    assert_eq!(
        (collective[0].headcount, collective[0].petitioners.len()),
        (5, 5)
    );
    assert!(db
        .desk
        .scorecard_contacts(&rules, &march(), T3, "no_abnormal")
        .unwrap()
        .is_empty());
    let err = db
        .desk
        .scorecard_contacts(&rules, &march(), T1, "no_skip_level")
        .unwrap_err();
    assert!(
        err.to_string().contains("no criterion \"no_skip_level\""),
        "{err}"
    );
    let err = db
        .desk
        .scorecard_contacts(&rules, &march(), "999", "no_abnormal")
        .unwrap_err();
    assert!(matches!(err, ServiceError::NotFound(_)), "{err}");
}

#[test]
fn contacts_count_by_local_date_at_both_ends_of_the_period() {
    let db = office("zhaomin");
    let rules = Rules::three_no();
    // 03-01: c2 at 00:00:00+08:00 and c13 at 16:00Z the day before; not c12
    // (23:59:59+08:00) nor c16 (15:59:59Z) of 02-28.
    let first = db.desk.stats(&day(date!(2026 - 03 - 01))).unwrap();
    assert_eq!(first.contacts, 2);
    assert_eq!(first.by_town[T1], 1);
    assert_eq!(first.by_town[T2], 1);
    let feb28 = db.desk.stats(&day(date!(2026 - 02 - 28))).unwrap();
    assert_eq!((feb28.contacts, feb28.abnormal), (2, 1));
    // 03-31: c11 at 15:59:59Z; not c15 (16:00Z) nor c14 (04-01 00:00+08:00).
    let last = db.desk.stats(&day(date!(2026 - 03 - 31))).unwrap();
    assert_eq!((last.contacts, last.abnormal, last.by_town[T2]), (1, 1, 0));
    let t2 = |p: &Period| {
        let s = db.desk.scorecard(&rules, p).unwrap();
        s.into_iter().find(|s| s.town == T2).unwrap()
    };
    assert_eq!(t2(&march()).score, 100);
    assert_eq!(t2(&day(date!(2026 - 04 - 01))).score, 60);
    assert_eq!(t2(&day(date!(2026 - 02 - 28))).score, 80);
}

#[test]
fn march_statistics_by_hand() {
    let db = office("zhaomin");
    let got = db.desk.stats(&march()).unwrap();
    let map = |n: &[(&str, u64)]| -> BTreeMap<String, u64> {
        n.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let want = Stats {
        contacts: 9,
        persons: 16,
        // Acceptance decisions due or taken in March: M4 on the spot 03-10,
        // M6 forwarded 03-02, M5 rejected 03-31, all on time; M7 never
        // decided, due 03-07 (a Saturday, so Monday 03-09): late by the
        // desk's today (04-10). M1–M3 were decided in January.
        timely_acceptance: Rate { num: 3, den: 4 },
        // First replies: M1 on its due date, M3 on time with its extension,
        // M4 on the spot; M2 a day late (counted on its due date, 03-03).
        on_time: Rate { num: 3, den: 4 },
        // Resolved: M2, final after review. M5 (rejected with one contact)
        // and M6 (forwarded) were not resolved here and stay out.
        one_time: Rate { num: 0, den: 1 },
        // Satisfied (M1) and basic (M4) of three evaluations.
        satisfaction: Rate { num: 2, den: 3 },
        // First replies in March: M1, M3 and M4 evaluated; M2 not.
        participation: Rate { num: 3, den: 4 },
        repeat: Rate { num: 7, den: 9 },
        // None goes more than one level above the body with authority.
        skip_level: 0,
        abnormal: 1,
        collective: Count {
            batches: 1,
            persons: 5,
        },
        by_channel: map(&[("visit", 8), ("letter", 1), ("call", 0), ("online", 0)]),
        by_level: map(&[
            ("town", 0),
            ("county", 3),
            ("city", 4),
            ("province", 1),
            ("national", 1),
        ]),
        by_category: map(&[("jy", 4), ("cxjs", 5)]),
        by_town: map(&[(T1, 8), (T2, 1), (T3, 0)]),
        // M1–M3 were accepted in January; none in March.
        by_kind: map(&[("suggestion", 0), ("report", 0), ("appeal", 0)]),
        monthly: vec![("2026-03".into(), 9)],
    };
    assert_eq!(got, want);
}

#[test]
fn the_monthly_trend_follows_the_statistical_month() {
    let mut db = office("zhaomin");
    let q1 = Period::quarter(2026, 1, 1).unwrap();
    let got = db.desk.stats(&q1).unwrap();
    let months = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(m, n)| (m.to_string(), *n)).collect()
    };
    assert_eq!(
        got.monthly,
        months(&[("2026-01", 3), ("2026-02", 2), ("2026-03", 9)])
    );
    assert_eq!(db.desk.stat_start_day(), 1);

    // From the 21st: "April" is 03-21 … 04-20 — c11, c14 and c15.
    db.as_admin().set_stat_start_day(21).unwrap();
    let db = db.reopen("zhaomin", datetime!(2026-04-10 09:00 +8));
    let start = db.desk.stat_start_day();
    assert_eq!(start, 21, "kept in the database");
    let april = Period::month(2026, 4, start).unwrap();
    assert_eq!(db.desk.stats(&april).unwrap().contacts, 3);
    let scores = db.desk.scorecard(&Rules::three_no(), &april).unwrap();
    let ranked: Vec<(&str, i64)> = scores.iter().map(|s| (s.town.as_str(), s.score)).collect();
    assert_eq!(ranked, [(T3, 100), (T1, 80), (T2, 60)]);
    let q1 = Period::quarter(2026, 1, start).unwrap();
    let got = db.desk.stats(&q1).unwrap();
    // 2025-12-21 … 2026-03-20: c11 (03-31) falls in April.
    assert_eq!(
        got.monthly,
        months(&[("2026-01", 3), ("2026-02", 0), ("2026-03", 10)])
    );
}

#[test]
fn the_statistical_month_is_set_by_an_admin_within_bounds() {
    let mut db = office("lijun");
    let err = db.desk.set_stat_start_day(21).unwrap_err();
    assert!(matches!(err, ServiceError::Forbidden { .. }), "{err}");
    for bad in [0, 29] {
        let err = db.as_admin().set_stat_start_day(bad).unwrap_err();
        assert!(err.to_string().contains("from 1 to 28"), "{err}");
    }
    db.as_admin().set_stat_start_day(26).unwrap();
    assert_eq!(db.desk.stat_start_day(), 26);
    let audit = audit_trail(&db);
    assert!(
        audit.last().unwrap().what.contains("day 26 (was 1)"),
        "{audit:?}"
    );
}

#[test]
fn zero_visit_villages_are_those_no_contact_of_the_period_names() {
    let db = office("zhaomin");
    let codes = |p: &Period| -> Vec<String> {
        db.desk
            .zero_visit_villages(p)
            .unwrap()
            .into_iter()
            .map(|v| v.code)
            .collect()
    };
    // 于营 of 辛安社区 came in March; 吕方 of 黄岛社区 only on 02-28.
    assert_eq!(codes(&march()), ["370211001002", "370211002001"]);
    assert_eq!(
        codes(&day(date!(2026 - 02 - 28))),
        ["370211001001", "370211001002"]
    );
}

#[test]
fn a_petitioner_who_moves_counts_for_the_village_they_live_in_now() {
    let mut db = office("zhaomin");
    let codes = |db: &TestDb| -> Vec<String> {
        let v = db.desk.zero_visit_villages(&march()).unwrap();
        v.into_iter().map(|v| v.code).collect()
    };
    assert_eq!(codes(&db), ["370211001002", "370211002001"]);
    // 于营 calls in April and says she now lives in 黄岛社区.
    let yu = common::pid(&db, "于营");
    let ledger = common::matters_of(&db, yu)[0];
    let mut call = common::repeat_visit(yu, ledger, xfdesk::domain::Level::Town);
    call.channel = xfdesk::domain::Channel::Call;
    call.correction = Some(xfdesk::service::register::Correction {
        phones: Vec::new(),
        town: Some("370211002".into()),
        village: Some("370211002001".into()),
        address: None,
    });
    db.as_user("zhangli").register(&call).unwrap();
    db.as_user("zhaomin");
    assert_eq!(codes(&db), ["370211001001", "370211001002"]);
    assert!(common::integrity(&db.desk).is_ok());
}

#[test]
fn leaders_and_supervisors_may_report_receptionists_and_handlers_may_not() {
    let mut db = office("zhaomin");
    let rules = Rules::three_no();
    for login in ["zhaomin", "lijun"] {
        let desk = db.as_user(login);
        assert!(desk.scorecard(&rules, &march()).is_ok(), "{login}");
        assert!(desk.stats(&march()).is_ok(), "{login}");
    }
    for login in ["zhangli", "wangwei"] {
        let desk = db.as_user(login);
        let errs = [
            desk.scorecard(&rules, &march()).err(),
            desk.stats(&march()).err(),
            desk.zero_visit_villages(&march()).err(),
            desk.scorecard_contacts(&rules, &march(), T1, "no_abnormal")
                .err(),
        ];
        for e in errs {
            let e = e.expect("refused");
            assert!(
                matches!(
                    &e,
                    ServiceError::Forbidden {
                        what: "view reports",
                        ..
                    }
                ),
                "{login}: {e}"
            );
        }
    }
}

#[test]
fn progress_runs_from_zero_to_one() {
    let db = office("zhaomin");
    let mut seen = Vec::new();
    db.desk
        .stats_with_progress(&Period::quarter(2026, 1, 1).unwrap(), &mut |p| seen.push(p))
        .unwrap();
    // Three towns and three months, after a start at zero.
    assert_eq!(seen.len(), 7);
    assert_eq!((seen[0], seen[6]), (0.0, 1.0));
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    let mut seen = Vec::new();
    db.desk
        .scorecard_with_progress(&Rules::three_no(), &march(), &mut |p| seen.push(p))
        .unwrap();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[3], 1.0);
}
