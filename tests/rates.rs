//! The rates of docs/rules.md#rates on dated cases at the edges of July and August 2026
//! (UTC+8, no holiday list: Saturdays and Sundays are non-working). Every
//! matter counts once in each rate, on the date its step was taken or fell
//! due, whichever came first; a step not taken counts late once its due date
//! is before the desk's today.
//!
//! Acceptance is due 15 days after registration, the first reply 60 days
//! after acceptance.
//! - A1 (report): registered 07-16, due 07-31 (Fri); accepted 08-01, a day
//!   late: late, in July.
//! - A2 (suggestion): registered 07-16, accepted 07-31 23:59:59: on time, July.
//! - A3: registered 07-10, due 07-25, a Saturday, so 07-27; never decided:
//!   late in July.
//! - A4: registered 07-20, due 08-04; never decided: late in August once
//!   today is past 08-04, not counted before.
//! - A5: registered 06-30 23:59, forwarded 07-01: on time, July.
//! - A6 (no kind, so 申诉求决类): registered 07-01, accepted 07-02.
//! - H1: accepted 06-01, reply due 07-31; replied 08-01: late, in July.
//! - H2: accepted 05-29, reply due 07-28; never replied: late in July.
//! - H3: resolved on the spot 07-15: on time; evaluated unsatisfied 07-16,
//!   then basic 07-20 — one evaluation of its reply, the latest.
//! - H4: accepted 06-15, reply due 08-14; never replied: late in August
//!   only once today is past 08-14.
//! - P1: accepted 06-20, replied 07-10 on time, never evaluated.

mod common;

use common::TestDb;
use std::collections::BTreeMap;
use time::macros::datetime;
use xfdesk::domain::period::Period;
use xfdesk::service::report::Rate;

fn matter(r: &str, registered: &str, kind: Option<&str>) -> String {
    let kind = kind.map_or(String::new(), |k| format!(r#","kind":"{k}""#));
    format!(
        r#"{{"type":"matter","ref":"{r}","petitioners":["p1"],"category":"jy","town":"370211001","summary":"{r}","first_receiver":"zhangli","registered_at":"{registered}"{kind}}}
{{"type":"contact","matter":"{r}","petitioners":["p1"],"at":"{registered}","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"{r}"}}
"#
    )
}

fn event(r: &str, at: &str, action: &str, extra: &str) -> String {
    format!(
        r#"{{"type":"event","matter":"{r}","at":"{at}","action":"{action}","by":"zhangli"{extra}}}
"#
    )
}

fn data() -> String {
    let accept = r#","unit":"jtj""#;
    let mut s = String::from(
        r#"{"type":"petitioner","ref":"p1","name":"于营","town":"370211001"}
"#,
    );
    for (r, reg, kind) in [
        ("a1", "2026-07-16T09:00:00+08:00", Some("report")),
        ("a2", "2026-07-16T09:00:00+08:00", Some("suggestion")),
        ("a3", "2026-07-10T09:00:00+08:00", None),
        ("a4", "2026-07-20T09:00:00+08:00", None),
        ("a5", "2026-06-30T23:59:00+08:00", None),
        ("a6", "2026-07-01T09:00:00+08:00", None),
        ("h1", "2026-05-31T09:00:00+08:00", None),
        ("h2", "2026-05-28T09:00:00+08:00", None),
        ("h3", "2026-07-15T09:00:00+08:00", None),
        ("h4", "2026-06-14T09:00:00+08:00", None),
        ("p1", "2026-06-19T09:00:00+08:00", None),
    ] {
        s += &matter(r, reg, kind);
    }
    for (r, at, action, extra) in [
        ("a1", "2026-08-01T09:00:00+08:00", "accept", accept),
        ("a2", "2026-07-31T23:59:59+08:00", "accept", accept),
        (
            "a5",
            "2026-07-01T09:00:00+08:00",
            "forward",
            r#","to":"区法院""#,
        ),
        ("a6", "2026-07-02T09:00:00+08:00", "accept", accept),
        ("h1", "2026-06-01T09:00:00+08:00", "accept", accept),
        (
            "h1",
            "2026-08-01T09:00:00+08:00",
            "reply",
            r#","note":"已答复""#,
        ),
        ("h2", "2026-05-29T09:00:00+08:00", "accept", accept),
        ("h3", "2026-07-15T10:00:00+08:00", "resolve_on_spot", ""),
        (
            "h3",
            "2026-07-16T10:00:00+08:00",
            "evaluate",
            r#","satisfaction":"unsatisfied""#,
        ),
        (
            "h3",
            "2026-07-20T10:00:00+08:00",
            "evaluate",
            r#","satisfaction":"basic""#,
        ),
        ("h4", "2026-06-15T09:00:00+08:00", "accept", accept),
        ("p1", "2026-06-20T09:00:00+08:00", "accept", accept),
        (
            "p1",
            "2026-07-10T09:00:00+08:00",
            "reply",
            r#","note":"已答复""#,
        ),
    ] {
        s += &event(r, at, action, extra);
    }
    s
}

fn office() -> TestDb {
    TestDb::office(&data(), datetime!(2026-08-10 09:00 +8), "zhaomin")
}

fn july() -> Period {
    Period::month(2026, 7, 1).unwrap()
}

fn august() -> Period {
    Period::month(2026, 8, 1).unwrap()
}

fn rate(num: u64, den: u64) -> Rate {
    Rate { num, den }
}

#[test]
fn timely_acceptance_counts_each_decision_on_its_date_or_its_due_date() {
    let db = office();
    // A2, A5, A6 and H3 on time; A1 a day late and A3 never decided, both
    // counted on their due dates (07-31, 07-27).
    assert_eq!(
        db.desk.stats(&july()).unwrap().timely_acceptance,
        rate(4, 6)
    );
    // A1's late decision on 08-01 does not count again in August; A4, due
    // 08-04 and still undecided, is late there.
    assert_eq!(
        db.desk.stats(&august()).unwrap().timely_acceptance,
        rate(0, 1)
    );
    let last_day = Period::custom(
        time::macros::date!(2026 - 07 - 31),
        time::macros::date!(2026 - 07 - 31),
    )
    .unwrap();
    // Due on the last day of July: A1 late, A2 decided that evening on time.
    assert_eq!(
        db.desk.stats(&last_day).unwrap().timely_acceptance,
        rate(1, 2)
    );
}

#[test]
fn an_undecided_matter_is_not_counted_before_its_due_date_has_passed() {
    let mut db = office();
    for (now, want) in [
        (datetime!(2026-08-03 09:00 +8), rate(0, 0)),
        // Due today: it may still be decided in time.
        (datetime!(2026-08-04 09:00 +8), rate(0, 0)),
        (datetime!(2026-08-05 09:00 +8), rate(0, 1)),
    ] {
        db.set_now(now);
        assert_eq!(
            db.desk.stats(&august()).unwrap().timely_acceptance,
            want,
            "{now}"
        );
    }
}

#[test]
fn the_on_time_rate_keeps_late_and_unreplied_matters() {
    let mut db = office();
    // H3 on the spot and P1 on time; H1 replied a day late and H2 never
    // replied, both counted on their due dates (07-31, 07-28).
    assert_eq!(db.desk.stats(&july()).unwrap().on_time, rate(2, 4));
    // H1's late reply on 08-01 does not count again; H4 is due 08-14.
    assert_eq!(db.desk.stats(&august()).unwrap().on_time, rate(0, 0));
    db.set_now(datetime!(2026-08-15 09:00 +8));
    assert_eq!(db.desk.stats(&august()).unwrap().on_time, rate(0, 1));
}

#[test]
fn satisfaction_counts_the_latest_evaluation_of_a_reply_once() {
    let db = office();
    let s = db.desk.stats(&july()).unwrap();
    // H3 was evaluated twice; the latest (basic) counts.
    assert_eq!(s.satisfaction, rate(1, 1));
    // First replies in July: H3 (evaluated) and P1 (not); H1's reply is in
    // August, not evaluated.
    assert_eq!(s.participation, rate(1, 2));
    assert_eq!(db.desk.stats(&august()).unwrap().participation, rate(0, 1));
}

#[test]
fn matters_accepted_in_the_period_count_by_kind_with_every_kind_listed() {
    let db = office();
    let map = |n: &[(&str, u64)]| -> BTreeMap<String, u64> {
        n.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    // A2 (suggestion) and A6 (not classified, so appeal) in July; A1
    // (report) on 08-01. H3, resolved on the spot, was never accepted.
    assert_eq!(
        db.desk.stats(&july()).unwrap().by_kind,
        map(&[("suggestion", 1), ("report", 0), ("appeal", 1)])
    );
    assert_eq!(
        db.desk.stats(&august()).unwrap().by_kind,
        map(&[("suggestion", 0), ("report", 1), ("appeal", 0)])
    );
}

#[test]
fn a_decision_recorded_late_moves_nothing_out_of_the_period() {
    let mut db = office();
    let before = db.desk.stats(&july()).unwrap();
    // A3, never decided, is accepted on 08-10: still late, still in July.
    // Ledger numbers follow registration: A3 is the seventh.
    let a3 = xfdesk::domain::LedgerNo { year: 2026, seq: 7 };
    assert_eq!(db.desk.store().matter(a3).unwrap().unwrap().summary, "a3");
    let mut input = xfdesk::service::act::ActionInput::new(xfdesk::domain::Step::Accept);
    input.unit = Some("jtj".into());
    input.kind = Some(xfdesk::domain::MatterKind::Appeal);
    db.as_user("zhangli").act(a3, &input).unwrap();
    let after = db.as_user("zhaomin").stats(&july()).unwrap();
    assert_eq!(after.timely_acceptance, before.timely_acceptance);
    assert!(common::integrity(&db.desk).is_ok());
}

#[test]
fn a_new_holiday_list_re_dates_the_facts_of_ended_matters_too() {
    // A7: registered 07-16, due 07-31, rejected 08-01 (closed): late, in July.
    let extra = matter("a7", "2026-07-16T10:00:00+08:00", None)
        + &event(
            "a7",
            "2026-08-01T09:00:00+08:00",
            "reject",
            r#","reason":"不属于受理范围""#,
        );
    let mut db = TestDb::office(
        &(data() + &extra),
        datetime!(2026-08-10 09:00 +8),
        "zhaomin",
    );
    assert_eq!(
        db.desk.stats(&july()).unwrap().timely_acceptance,
        rate(4, 7)
    );
    // 07-31 made a holiday: due Monday 08-03, so A1 and A7 were decided on
    // time, and count on their decision dates in August.
    db.as_admin()
        .set_holidays(
            std::collections::BTreeSet::from([time::macros::date!(2026 - 07 - 31)]).into(),
        )
        .unwrap();
    db.as_user("zhaomin");
    assert_eq!(
        db.desk.stats(&july()).unwrap().timely_acceptance,
        rate(4, 5)
    );
    assert_eq!(
        db.desk.stats(&august()).unwrap().timely_acceptance,
        rate(2, 3)
    );
    assert!(common::integrity(&db.desk).is_ok());
}

#[test]
fn an_open_hearing_holds_the_on_time_clock() {
    // H5: accepted 06-01, reply due 07-31; a hearing open since 07-20 stops
    // the clock, so it is not late in July while the hearing lasts.
    let extra = matter("h5", "2026-05-31T10:00:00+08:00", None)
        + &event(
            "h5",
            "2026-06-01T10:00:00+08:00",
            "accept",
            r#","unit":"jtj""#,
        )
        + &event("h5", "2026-07-20T10:00:00+08:00", "hearing_start", "");
    let db = TestDb::office(
        &(data() + &extra),
        datetime!(2026-08-10 09:00 +8),
        "zhaomin",
    );
    assert_eq!(db.desk.stats(&july()).unwrap().on_time, rate(2, 4));
    assert_eq!(db.desk.stats(&august()).unwrap().on_time, rate(0, 0));
}
