//! Deadlines (docs/rules.md: Deadlines, Working days and holidays): the due date of each state, a deadline that falls on a
//! holiday moved to the next working day in the records, the due index, the
//! overdue and due-soon queues, across a restart; and the holiday file.

mod common;

use common::{
    audit_trail, input, integrity, walk_in, weekday_on_or_after, Fields, Office, TestDb, TOWN,
};
use std::collections::BTreeSet;
use time::macros::{date, datetime};
use time::{Date, Duration};
use xfdesk::domain::workflow::due_date;
use xfdesk::domain::{LedgerNo, MatterState, Step};
use xfdesk::service::holidays::parse;
use xfdesk::service::queues::Queue;
use xfdesk::service::ServiceError;

/// The due date of `ledger` as computed from its record, and as the due
/// index holds it (which the queues read).
fn due(db: &TestDb, ledger: LedgerNo) -> (Option<Date>, Option<Date>) {
    let store = db.desk.store();
    let m = store.matter(ledger).unwrap().unwrap();
    let computed = due_date(&m, &store.calendar(), store.tz());
    let mut indexed = Vec::new();
    for r in store.matters_due(..) {
        let entry = r.unwrap();
        if entry.ledger == ledger {
            indexed.push(entry.due);
        }
    }
    assert!(indexed.len() <= 1, "{ledger}: {indexed:?}");
    (computed, indexed.pop())
}

fn overdue(db: &TestDb, as_of: Date) -> Vec<(LedgerNo, Date, i64)> {
    db.desk
        .overdue(as_of)
        .unwrap()
        .into_iter()
        .map(|o| (o.ledger, o.due, o.days_overdue))
        .collect()
}

fn days(from: Date, to: Date) -> BTreeSet<Date> {
    let mut out = BTreeSet::new();
    let mut d = from;
    while d <= to {
        out.insert(d);
        d = d.next_day().unwrap();
    }
    out
}

#[test]
fn a_deadline_on_a_holiday_moves_to_the_next_working_day_everywhere() {
    // Registered on 16 September: acceptance is due on 1 October, National Day.
    let mut db = TestDb::office("", datetime!(2026-09-16 10:00 +8), "zhangli");
    let first = db
        .desk
        .register(&walk_in("于营", "", "jy", "国庆前"))
        .unwrap()
        .ledger;
    let oct = |d: u8| Date::from_calendar_date(2026, time::Month::October, d).unwrap();
    assert_eq!(due(&db, first), (Some(oct(1)), Some(oct(1))));
    assert_eq!(overdue(&db, oct(2)), [(first, oct(1), 1)]);

    let national_day = days(oct(1), oct(7));
    db.as_user("lijun");
    let refused = db.desk.set_holidays(national_day.clone().into());
    assert!(
        matches!(refused, Err(ServiceError::Forbidden { .. })),
        "{refused:?}"
    );
    assert!(db.desk.store().calendar().holidays.off.is_empty());
    db.as_admin();
    assert_eq!(
        db.desk.set_holidays(national_day.clone().into()).unwrap(),
        1
    );
    let audit = audit_trail(&db).pop().unwrap();
    assert_eq!(audit.record, "holidays");
    assert!(
        audit.what.contains("7 holidays") && audit.what.contains("1 open"),
        "{}",
        audit.what
    );

    db.as_user("zhangli");
    assert_eq!(due(&db, first), (Some(oct(8)), Some(oct(8))));
    let mine = db.desk.queue(Queue::Mine, date!(2026 - 09 - 16)).unwrap();
    assert_eq!(
        mine.iter().map(|(m, d)| (m.ledger, *d)).collect::<Vec<_>>(),
        [(first, Some(oct(8)))]
    );
    assert_eq!(overdue(&db, oct(8)), []);
    assert_eq!(overdue(&db, oct(9)), [(first, oct(8), 1)]);
    // Due soon: within three days.
    assert_eq!(db.desk.queue_ledgers(Queue::DueSoon, oct(4)).unwrap(), []);
    assert_eq!(
        db.desk.queue_ledgers(Queue::DueSoon, oct(5)).unwrap(),
        [first]
    );

    // A matter registered after the list was set is dated by it at once:
    // 17 September + 15 is 2 October.
    db.set_now(datetime!(2026-09-17 10:00 +8));
    let second = db
        .desk
        .register(&walk_in("李华", "", "jy", "国庆前"))
        .unwrap()
        .ledger;
    assert_eq!(due(&db, second), (Some(oct(8)), Some(oct(8))));
    assert!(
        integrity(&db.desk).is_ok(),
        "{:?}",
        integrity(&db.desk).problems
    );

    // The list is the database's: it survives a restart.
    let mut db = db.reopen("zhangli", datetime!(2026-10-09 10:00 +8));
    assert_eq!(db.desk.store().calendar().holidays.off, national_day);
    assert_eq!(due(&db, first), (Some(oct(8)), Some(oct(8))));
    assert_eq!(
        overdue(&db, oct(9)),
        [(first, oct(8), 1), (second, oct(8), 1)]
    );
    assert!(integrity(&db.desk).is_ok());

    // An empty list puts the deadlines back.
    db.as_admin();
    assert_eq!(db.desk.set_holidays(Default::default()).unwrap(), 2);
    assert_eq!(due(&db, first), (Some(oct(1)), Some(oct(1))));
    assert_eq!(due(&db, second), (Some(oct(2)), Some(oct(2))));
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn each_state_is_due_by_its_own_limit_and_holidays_move_it() {
    let mut o = Office::new(datetime!(2026-03-02 09:00 +8));
    let ledger = o.register("zhangli", "jy", TOWN);
    let registered = o.now.date();
    use MatterState as S;
    use Step as A;
    // (step, state after it, step whose date the deadline counts from
    // (0 = registration), days after that date)
    type TimedStep<'a> = (&'a str, Step, Fields<'a>, MatterState, Option<(usize, i64)>);
    #[rustfmt::skip]
    let steps: &[TimedStep] = &[
        ("zhangli", A::Accept, &[("unit", "jtj")], S::InProgress, Some((1, 60))),
        ("lijun", A::Extend, &[("days", "10"), ("reason", "x")], S::InProgress, Some((1, 70))),
        ("wangwei", A::Reply, &[("note", "已答复"), ("opinion", "support")], S::Replied, Some((3, 30))),
        ("zhangli", A::ReviewRequest, &[], S::UnderReview, Some((4, 30))),
        ("wangwei", A::ReviewDecision, &[], S::ReviewDecided, Some((5, 30))),
        ("zhangli", A::RereviewRequest, &[], S::UnderRereview, Some((6, 30))),
        ("lijun", A::RereviewDecision, &[], S::Final, None),
    ];
    let mut dates = vec![registered];
    let check = |o: &mut Office, state: MatterState, want: Option<Date>| {
        assert_eq!(o.matter(ledger).state, state);
        assert_eq!(due(&o.db, ledger), (want, want), "{state}");
        let Some(want) = want else { return };
        // With the due date and the day after it holidays, it moves two days.
        let login = o.db.desk.user().login.clone();
        o.db.as_admin();
        o.db.desk
            .set_holidays(days(want, want + Duration::days(1)).into())
            .unwrap();
        let moved = Some(weekday_on_or_after(want + Duration::days(2)));
        assert_eq!(due(&o.db, ledger), (moved, moved), "{state} on holidays");
        o.db.desk.set_holidays(Default::default()).unwrap();
        assert_eq!(due(&o.db, ledger), (Some(want), Some(want)), "{state}");
        o.db.as_user(&login);
    };
    check(
        &mut o,
        S::Registered,
        Some(weekday_on_or_after(registered + Duration::days(15))),
    );
    for (login, action, fields, state, from) in steps {
        o.act(login, ledger, &input(*action, fields)).unwrap();
        dates.push(o.now.date());
        let want = from.map(|(step, n)| weekday_on_or_after(dates[step] + Duration::days(n)));
        check(&mut o, *state, want);
    }
    assert!(integrity(&o.db.desk).is_ok());
}

#[test]
fn deadlines_count_in_local_dates() {
    // 00:30 in Beijing is still the previous day in UTC.
    let mut db = TestDb::office("", datetime!(2026-03-02 00:30 +8), "zhangli");
    let ledger = db
        .desk
        .register(&walk_in("于营", "", "jy", "凌晨"))
        .unwrap()
        .ledger;
    let want = Some(date!(2026 - 03 - 17));
    assert_eq!(due(&db, ledger), (want, want));
    db.set_now(datetime!(2026-03-02 23:30 +8));
    let late = db
        .desk
        .register(&walk_in("李华", "", "jy", "深夜"))
        .unwrap()
        .ledger;
    assert_eq!(due(&db, late), (want, want));
}

#[test]
fn a_holiday_file_is_read_or_refused_with_its_file_and_line() {
    let good = "# 2026 国庆\ndates = [\n  2026-10-01,\n  \"2026-10-02\",\n]\n";
    assert_eq!(
        parse(good, "h.toml").unwrap(),
        BTreeSet::from([date!(2026 - 10 - 01), date!(2026 - 10 - 02)]).into()
    );
    assert_eq!(parse("dates = []", "h.toml").unwrap(), Default::default());
    let bad = [
        (
            "dates = [\n  2026-10-01,\n  \"2026-02-30\",\n]\n",
            "h.toml:3: dates: ",
            "2026-02-30",
        ),
        (
            "dates = [\n  \"十月一日\",\n]\n",
            "h.toml:2: dates: ",
            "十月一日",
        ),
        (
            "dates = [\n  2026-10-01T09:00:00,\n]\n",
            "h.toml:2: dates: ",
            "2026-10-01T09:00:00",
        ),
        ("dates = [\n  2026-13-01,\n]\n", "h.toml:2: ", ""),
        ("# 假日\ndays = [2026-10-01]\n", "h.toml:2: ", "days"),
        ("dates = [2026-10-01]\nyear = 2026\n", "h.toml:2: ", "year"),
        ("", "h.toml:1: ", "dates"),
        // The line is the value's own, even when its text appears earlier.
        (
            "# 2026-02-30 does not exist\ndates = [\n  \"2026-02-30\",\n]\n",
            "h.toml:3: dates: ",
            "2026-02-30",
        ),
        (
            "dates = [\n  2025-10-01,\n  5,\n]\n",
            "h.toml:3: dates: ",
            "5",
        ),
    ];
    for (text, prefix, words) in bad {
        let err = parse(text, "h.toml").expect_err(text);
        assert!(err.starts_with(prefix), "{text:?}: {err}");
        assert!(err.contains(words), "{text:?}: {err}");
    }
}

#[test]
fn holidays_shift_the_overdue_queue_and_the_unit_queue_agrees() {
    // A matter accepted on 2 August is due 60 days later: 1 October.
    let mut o = Office::new(datetime!(2026-07-31 09:00 +8));
    let ledger = o.register("zhangli", "jy", TOWN);
    o.act("zhangli", ledger, &input(Step::Accept, &[("unit", "jtj")]))
        .unwrap();
    let oct = |d: u8| Date::from_calendar_date(2026, time::Month::October, d).unwrap();
    assert_eq!(due(&o.db, ledger), (Some(oct(1)), Some(oct(1))));
    o.db.as_admin();
    o.db.desk.set_holidays(days(oct(1), oct(7)).into()).unwrap();
    o.db.as_user("wangwei");
    let unit = o.db.desk.queue(Queue::MyUnit, oct(2)).unwrap();
    assert_eq!(
        unit.iter().map(|(m, d)| (m.ledger, *d)).collect::<Vec<_>>(),
        [(ledger, Some(oct(8)))]
    );
    assert_eq!(o.db.desk.queue_ledgers(Queue::Overdue, oct(8)).unwrap(), []);
    assert_eq!(
        o.db.desk.queue_ledgers(Queue::Overdue, oct(9)).unwrap(),
        [ledger]
    );
}

/// The State Council's 2026 schedule as shipped.
fn shipped_2026() -> xfdesk::domain::workflow::Holidays {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/holidays/2026.toml");
    parse(&std::fs::read_to_string(path).unwrap(), path).unwrap()
}

#[test]
fn the_shipped_2026_schedule_moves_deadlines_off_weekends_and_holidays_and_keeps_its_workdays() {
    let h = shipped_2026();
    assert_eq!((h.off.len(), h.workdays.len()), (33, 6));
    let mut db = TestDb::office("", datetime!(2026-01-16 10:00 +8), "zhangli");
    db.as_admin();
    db.desk.set_holidays(h.clone()).unwrap();
    db.as_user("zhangli");
    // (registered, acceptance due = registered + 15, moved off non-working days)
    let cases = [
        // Saturday 01-31: Monday 02-02.
        (date!(2026 - 01 - 16), date!(2026 - 02 - 02)),
        // Saturday 02-14 is worked instead (春节调休): it stays.
        (date!(2026 - 01 - 30), date!(2026 - 02 - 14)),
        // Inside 春节 (02-15 to 02-23): Tuesday 02-24.
        (date!(2026 - 02 - 03), date!(2026 - 02 - 24)),
        // Tuesday 05-05, the last day of 劳动节: Wednesday 05-06.
        (date!(2026 - 04 - 20), date!(2026 - 05 - 06)),
        // National Day, 10-01: 10-08.
        (date!(2026 - 09 - 16), date!(2026 - 10 - 08)),
        // Saturday 10-10 is worked instead (国庆调休): it stays.
        (date!(2026 - 09 - 25), date!(2026 - 10 - 10)),
        // Sunday 09-20 is worked instead too.
        (date!(2026 - 09 - 05), date!(2026 - 09 - 20)),
    ];
    let mut ledgers = Vec::new();
    for (on, _) in cases {
        db.set_now(
            on.with_hms(10, 0, 0)
                .unwrap()
                .assume_offset(time::macros::offset!(+8)),
        );
        let l = db
            .desk
            .register(&walk_in("于营", "", "jy", &on.to_string()))
            .unwrap()
            .ledger;
        ledgers.push(l);
    }
    for ((on, want), l) in cases.iter().zip(&ledgers) {
        assert_eq!(due(&db, *l), (Some(*want), Some(*want)), "registered {on}");
    }
    // Both lists are the database's: they survive a restart.
    let db = db.reopen("zhangli", datetime!(2026-10-09 10:00 +8));
    assert_eq!(db.desk.store().calendar().holidays, h);
    assert_eq!(
        due(&db, ledgers[5]),
        (Some(date!(2026 - 10 - 10)), Some(date!(2026 - 10 - 10)))
    );
}

#[test]
fn a_holiday_file_lists_holidays_and_the_weekend_days_worked() {
    let text = "holidays = [2026-10-01, 2026-10-02]\nworkdays = [2026-10-10]\n";
    let h = parse(text, "h.toml").unwrap();
    assert_eq!(
        h.off,
        BTreeSet::from([date!(2026 - 10 - 01), date!(2026 - 10 - 02)])
    );
    assert_eq!(h.workdays, BTreeSet::from([date!(2026 - 10 - 10)]));
    // The older name still reads, alone or beside the new one.
    let old = parse("dates = [2026-10-01]\nworkdays = [2026-10-10]\n", "h.toml").unwrap();
    assert_eq!(old.off, BTreeSet::from([date!(2026 - 10 - 01)]));
    let bad = [
        // Thursday: already a working day.
        (
            "holidays = []\nworkdays = [\n  2026-10-08,\n]\n",
            "h.toml:3: workdays: ",
            "Thursday",
        ),
        (
            "holidays = [2026-10-10]\nworkdays = [2026-10-10]\n",
            "h.toml:2: workdays: ",
            "holiday",
        ),
        (
            "workdays = [\n  \"周六\",\n]\n",
            "h.toml:2: workdays: ",
            "周六",
        ),
    ];
    for (text, prefix, words) in bad {
        let err = parse(text, "h.toml").expect_err(text);
        assert!(err.starts_with(prefix), "{text:?}: {err}");
        assert!(err.contains(words), "{text:?}: {err}");
    }
}

#[test]
fn the_desk_says_when_this_year_has_no_holiday_list() {
    use xfdesk::i18n::Lang;
    use xfdesk::tui::model::Model;
    let mut db = TestDb::office("", datetime!(2026-07-01 10:00 +8), "zhangli");
    let status = |db: &TestDb, lang, today| Model::new(&db.desk, lang, today).unwrap().ctx.status;
    let said = status(&db, Lang::Zh, date!(2026 - 07 - 01)).unwrap();
    assert!(said.contains("2026年") && said.contains("周末"), "{said}");
    db.as_admin();
    db.desk.set_holidays(shipped_2026()).unwrap();
    db.as_user("zhangli");
    assert_eq!(status(&db, Lang::Zh, date!(2026 - 07 - 01)), None);
    // 2027's schedule is not on file (nor shipped): said again in January.
    let said = status(&db, Lang::En, date!(2027 - 01 - 04)).unwrap();
    assert!(said.contains("No 2027 holiday list"), "{said}");
    assert_eq!(db.desk.holiday_warning(date!(2027 - 01 - 04)), Some(2027));
}

#[test]
fn the_holidays_command_shows_the_list_by_year_and_check_says_when_this_year_has_none() {
    use common::bin::{text, xfdesk};
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let year = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .year();
    let shown = xfdesk(&db, &["--lang", "en", "holidays"]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    assert!(
        text(&shown.stdout).contains("no holiday list on file"),
        "{}",
        text(&shown.stdout)
    );
    let check = xfdesk(&db, &["--lang", "en", "check"]);
    assert!(check.status.success(), "a missing list is not damage");
    let notice = format!("No {year} holiday list: deadlines skip weekends only");
    assert!(
        text(&check.stderr).contains(&notice),
        "{}",
        text(&check.stderr)
    );

    // The shipped schedule, then this year's (whatever year the test runs in).
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/holidays/2026.toml");
    let set = xfdesk(&db, &["--lang", "en", "holidays", fixture]);
    assert!(set.status.success(), "{}", text(&set.stderr));
    assert!(
        text(&set.stdout).contains("holidays set: 33 + 6"),
        "{}",
        text(&set.stdout)
    );
    let shown = text(&xfdesk(&db, &["--lang", "en", "holidays", "--show"]).stdout);
    for want in [
        "2026\n",
        "holidays (33 days): 01-01…01-03, 02-15…02-23, 04-04…04-06, 05-01…05-05, 06-19…06-21, 09-25…09-27, 10-01…10-07",
        "weekend workdays (6 days): 01-04, 02-14, 02-28, 05-09, 09-20, 10-10",
    ] {
        assert!(shown.contains(want), "{want:?} in {shown}");
    }
    let zh = text(&xfdesk(&db, &["--lang", "zh", "holidays", "--show"]).stdout);
    assert!(
        zh.contains("2026年") && zh.contains("放假（33天）") && zh.contains("调休上班（6天）"),
        "{zh}"
    );

    let saturday = (1..=7)
        .map(|d| time::Date::from_calendar_date(year, time::Month::March, d).unwrap())
        .find(|d| d.weekday() == time::Weekday::Saturday)
        .unwrap();
    let file = common::write_file(
        dir.path(),
        "this-year.toml",
        &format!("holidays = [{year}-10-01]\nworkdays = [{saturday}]\n"),
    );
    assert!(xfdesk(&db, &["holidays", file.to_str().unwrap()])
        .status
        .success());
    let shown = text(&xfdesk(&db, &["--lang", "en", "holidays"]).stdout);
    assert!(
        shown.contains(&format!("{year}\n  holidays (1 days): 10-01")),
        "{shown}"
    );
    let check = xfdesk(&db, &["--lang", "en", "check"]);
    assert!(
        !text(&check.stderr).contains("holiday list"),
        "{}",
        text(&check.stderr)
    );
    // Showing and replacing are one command: a file and --show together are refused.
    let both = xfdesk(&db, &["holidays", "--show", file.to_str().unwrap()]);
    assert!(!both.status.success());
}
