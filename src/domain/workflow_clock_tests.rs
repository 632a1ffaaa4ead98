//! Deadlines on working days, hearings that pause the clock, and the
//! review windows that delivery starts.

use super::*;
use crate::domain::rates::replied_on_time;

#[test]
fn a_deadline_on_a_holiday_moves_to_the_next_working_day() {
    let mut cal = Calendar::default();
    cal.holidays
        .off
        .extend([date!(2026 - 03 - 17), date!(2026 - 03 - 18)]);
    assert_eq!(
        due_date(&run(&[]), &cal, DEFAULT_TZ),
        Some(date!(2026 - 03 - 19))
    );
}

/// A matter registered at 10:00 on `day`, desk time.
fn registered_on(day: Date) -> Matter {
    let mut m = new_matter();
    m.registered_at = Ts::from_datetime(day.with_hms(10, 0, 0).unwrap().assume_offset(DEFAULT_TZ));
    m
}

fn days_from(from: Date, to: Date) -> BTreeSet<Date> {
    let mut out = BTreeSet::new();
    let mut d = from;
    while d <= to {
        out.insert(d);
        d = d.next_day().unwrap();
    }
    out
}

#[test]
fn a_deadline_on_a_saturday_moves_to_monday() {
    // 2027-01-15 + 15 days is Saturday 2027-01-30; no 2027 schedule exists.
    let m = registered_on(date!(2027 - 01 - 15));
    assert_eq!(
        due_date(&m, &Calendar::default(), DEFAULT_TZ),
        Some(date!(2027 - 02 - 01))
    );
    // A Sunday moves one day, a Friday stays.
    let sunday = registered_on(date!(2027 - 01 - 16));
    assert_eq!(
        due_date(&sunday, &Calendar::default(), DEFAULT_TZ),
        Some(date!(2027 - 02 - 01))
    );
    let friday = registered_on(date!(2027 - 01 - 14));
    assert_eq!(
        due_date(&friday, &Calendar::default(), DEFAULT_TZ),
        Some(date!(2027 - 01 - 29))
    );
}

#[test]
fn a_deadline_on_a_holiday_moves_past_it_and_the_weekend_after() {
    // 2026-09-16 + 15 is 1 October, National Day (1–7 October, then Thursday).
    let mut cal = Calendar::default();
    cal.holidays.off = days_from(date!(2026 - 10 - 01), date!(2026 - 10 - 07));
    let m = registered_on(date!(2026 - 09 - 16));
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 10 - 08)));
    // A holiday run that ends on a Friday goes on over the weekend.
    cal.holidays.off = days_from(date!(2026 - 06 - 19), date!(2026 - 06 - 19));
    let m = registered_on(date!(2026 - 06 - 04));
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 06 - 22)));
}

#[test]
fn a_tiaoxiu_saturday_is_a_working_day_and_the_deadline_stays() {
    // 2026-09-25 + 15 is Saturday 10 October, worked instead (调休上班).
    let m = registered_on(date!(2026 - 09 - 25));
    let mut cal = Calendar::default();
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 10 - 12)));
    cal.holidays.workdays.insert(date!(2026 - 10 - 10));
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 10 - 10)));
    assert!(cal.holidays.is_working_day(date!(2026 - 10 - 10)));
    assert!(!cal.holidays.is_working_day(date!(2026 - 10 - 11)));
    assert!(cal.holidays.has_year(2026) && !cal.holidays.has_year(2027));
}

#[test]
fn hearing_days_extend_the_handling_deadline_exactly() {
    // Accepted 03-03: due 05-02, a Saturday, so Monday 05-04.
    let cal = Calendar::default();
    let due = |m: &Matter| due_date(m, &cal, DEFAULT_TZ);
    let open = run(&[(1, A::Accept), (10, A::HearingStart)]);
    assert_eq!(due(&open), Some(date!(2026 - 05 - 04)), "nothing added yet");
    // Hearing from 03-12 to 03-17: five days, so 05-07 (a Thursday).
    let heard = run(&[(1, A::Accept), (10, A::HearingStart), (15, A::HearingEnd)]);
    assert_eq!(due(&heard), Some(date!(2026 - 05 - 07)));
    assert_eq!(hearing_days(&heard.events, at(0), None, DEFAULT_TZ), 5);
    // Two hearings add up; a reply on the new due date is on time.
    let mut twice = run(&[
        (1, A::Accept),
        (10, A::HearingStart),
        (15, A::HearingEnd),
        (20, A::HearingStart),
        (21, A::HearingEnd),
    ]);
    assert_eq!(due(&twice), Some(date!(2026 - 05 - 08)));
    apply(&mut twice, ev(67, A::Reply), &Limits::default()).unwrap();
    assert_eq!(replied_on_time(&twice, &cal, DEFAULT_TZ), Some(true));
    let late = run(&[
        (1, A::Accept),
        (10, A::HearingStart),
        (15, A::HearingEnd),
        (67, A::Reply),
    ]);
    assert_eq!(replied_on_time(&late, &cal, DEFAULT_TZ), Some(false));
}

#[test]
fn hearing_days_extend_the_review_deadline_not_the_handling_one() {
    let cal = Calendar::default();
    // Review requested 03-20 (Friday): decision due 04-19, a Sunday → 04-20.
    let m = run(&[(1, A::Accept), (10, A::Reply), (18, A::ReviewRequest)]);
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 04 - 20)));
    // A three-day hearing: 04-22, a Wednesday.
    let heard = run(&[
        (1, A::Accept),
        (10, A::Reply),
        (18, A::ReviewRequest),
        (20, A::HearingStart),
        (23, A::HearingEnd),
    ]);
    assert_eq!(
        due_date(&heard, &cal, DEFAULT_TZ),
        Some(date!(2026 - 04 - 22))
    );
}

#[test]
fn hearings_are_refused_outside_handling_and_review_and_must_end() {
    let mut replied = run(&[(1, A::Accept), (10, A::Reply)]);
    assert_eq!(
        apply(&mut replied, ev(11, A::HearingStart), &Limits::default()),
        Err(WorkflowError::NotAllowed {
            state: S::Replied,
            action: A::HearingStart
        })
    );
    let mut m = run(&[(1, A::Accept)]);
    assert_eq!(
        apply(&mut m, ev(2, A::HearingEnd), &Limits::default()),
        Err(WorkflowError::NoHearing)
    );
    apply(&mut m, ev(3, A::HearingStart), &Limits::default()).unwrap();
    for a in [A::HearingStart, A::Reply] {
        assert_eq!(
            apply(&mut m, ev(4, a), &Limits::default()),
            Err(WorkflowError::HearingOpen),
            "{a}"
        );
    }
    assert_eq!(m.state, S::InProgress);
}

fn deliver(day: i64, notice: &str) -> Event {
    Event {
        delivery: Some(crate::domain::Delivery {
            method: crate::domain::DeliveryMethod::Post,
            notice: notice.into(),
        }),
        ..Event::new(at(day), A::Deliver, "zhangli")
    }
}

fn with(mut m: Matter, e: Event) -> Matter {
    apply(&mut m, e, &Limits::default()).unwrap();
    m
}

#[test]
fn a_review_request_on_the_last_day_of_the_window_is_accepted_the_day_after_refused() {
    let cal = Calendar::default();
    // Replied 03-10 (Tuesday): the window closes 04-09 (Thursday).
    let m = run(&[(1, A::Accept), (8, A::Reply)]);
    assert_eq!(
        request_window_closes(&m, A::ReviewRequest, &cal, DEFAULT_TZ),
        Some(date!(2026 - 04 - 09))
    );
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 04 - 09)));
    assert_eq!(
        check_window(&m, &ev(38, A::ReviewRequest), &cal, DEFAULT_TZ),
        Ok(())
    );
    let refused = check_window(&m, &ev(39, A::ReviewRequest), &cal, DEFAULT_TZ);
    assert_eq!(
        refused,
        Err(WorkflowError::WindowClosed {
            action: A::ReviewRequest,
            closed: date!(2026 - 04 - 09)
        })
    );
    assert!(
        refused.unwrap_err().to_string().contains("2026-04-09"),
        "the message names the date"
    );
}

#[test]
fn delivery_later_than_the_reply_moves_the_review_window() {
    let cal = Calendar::default();
    // Replied 03-10, delivered by post 03-17: the window closes 04-16.
    let m = with(run(&[(1, A::Accept), (8, A::Reply)]), deliver(15, "reply"));
    assert_eq!(
        request_window_closes(&m, A::ReviewRequest, &cal, DEFAULT_TZ),
        Some(date!(2026 - 04 - 16))
    );
    assert_eq!(
        due_date(&m, &cal, DEFAULT_TZ),
        Some(date!(2026 - 04 - 16)),
        "ready to close follows the window"
    );
    assert_eq!(
        check_window(&m, &ev(45, A::ReviewRequest), &cal, DEFAULT_TZ),
        Ok(())
    );
    assert_eq!(
        check_window(&m, &ev(46, A::ReviewRequest), &cal, DEFAULT_TZ),
        Err(WorkflowError::WindowClosed {
            action: A::ReviewRequest,
            closed: date!(2026 - 04 - 16)
        })
    );
    // Delivering another notice leaves the window where it was.
    let other = with(run(&[(1, A::Accept), (8, A::Reply)]), deliver(15, "accept"));
    assert_eq!(
        request_window_closes(&other, A::ReviewRequest, &cal, DEFAULT_TZ),
        Some(date!(2026 - 04 - 09))
    );
}

#[test]
fn the_rereview_window_counts_from_the_delivered_review_decision() {
    let cal = Calendar::default();
    // Decided 03-20 (Friday), delivered 03-23 (Monday): window to 04-22.
    let decided = run(&[
        (1, A::Accept),
        (8, A::Reply),
        (10, A::ReviewRequest),
        (18, A::ReviewDecision),
    ]);
    assert_eq!(
        request_window_closes(&decided, A::RereviewRequest, &cal, DEFAULT_TZ),
        Some(date!(2026 - 04 - 20)),
        "04-19 is a Sunday"
    );
    let m = with(decided, deliver(21, "review_decision"));
    assert_eq!(due_date(&m, &cal, DEFAULT_TZ), Some(date!(2026 - 04 - 22)));
    assert_eq!(
        check_window(&m, &ev(51, A::RereviewRequest), &cal, DEFAULT_TZ),
        Ok(())
    );
    assert_eq!(
        check_window(&m, &ev(52, A::RereviewRequest), &cal, DEFAULT_TZ),
        Err(WorkflowError::WindowClosed {
            action: A::RereviewRequest,
            closed: date!(2026 - 04 - 22)
        })
    );
}

#[test]
fn a_delivery_needs_its_method_and_notice() {
    let mut m = run(&[(1, A::Accept), (8, A::Reply)]);
    assert_eq!(
        apply(&mut m, ev(9, A::Deliver), &Limits::default()),
        Err(WorkflowError::Missing {
            action: A::Deliver,
            field: "method"
        })
    );
    assert_eq!(
        apply(&mut m, deliver(9, " "), &Limits::default()),
        Err(WorkflowError::Missing {
            action: A::Deliver,
            field: "notice"
        })
    );
    apply(&mut m, deliver(9, "reply"), &Limits::default()).unwrap();
    assert_eq!(m.state, S::Replied, "delivery changes no state");
}
