use super::*;
use crate::domain::{LedgerNo, Satisfaction, DEFAULT_TZ};
use std::collections::BTreeSet;
use time::macros::date;
use time::Date;
use Action as A;
use MatterState as S;

const DAY: i64 = 86_400;
/// 2026-03-02 09:00 in UTC+8.
const T0: i64 = 1_772_413_200;

fn at(days: i64) -> Ts {
    Ts(T0 + days * DAY)
}

fn new_matter() -> Matter {
    let mut m = Matter::registered("zhangli", at(0));
    m.ledger = LedgerNo { year: 2026, seq: 1 };
    m.petitioners = vec![1];
    m
}

/// An event with every field an action may need filled in.
fn ev(day: i64, action: Action) -> Event {
    let mut e = Event::new(at(day), action, "zhangli");
    e.unit = Some("jtj".into());
    e.reason = Some("理由".into());
    e.to = Some("wangwei".into());
    e.days = Some(30);
    e.satisfaction = Some(Satisfaction::Satisfied);
    e
}

fn run(actions: &[(i64, Action)]) -> Matter {
    let mut m = new_matter();
    for (d, a) in actions {
        apply(&mut m, ev(*d, *a), &Limits::default()).unwrap_or_else(|e| panic!("{a}: {e}"));
    }
    m
}

/// The state table of SPEC §3, written out independently of `transition`.
fn expected(state: S, action: A) -> Option<S> {
    let table: &[(S, A, S)] = &[
        (S::Registered, A::Accept, S::InProgress),
        (S::Registered, A::Reject, S::Closed),
        (S::Registered, A::Forward, S::Closed),
        (S::Registered, A::Redirect, S::Closed),
        (S::Registered, A::ResolveOnSpot, S::Replied),
        (S::InProgress, A::Assign, S::InProgress),
        (S::InProgress, A::Transfer, S::InProgress),
        (S::InProgress, A::Extend, S::InProgress),
        (S::InProgress, A::Reply, S::Replied),
        (S::Replied, A::ReviewRequest, S::UnderReview),
        (S::UnderReview, A::ReviewDecision, S::ReviewDecided),
        (S::ReviewDecided, A::RereviewRequest, S::UnderRereview),
        (S::UnderRereview, A::RereviewDecision, S::Final),
        (S::Replied, A::Close, S::Closed),
        (S::ReviewDecided, A::Close, S::Closed),
    ];
    if let Some((_, _, next)) = table.iter().find(|(s, a, _)| *s == state && *a == action) {
        return Some(*next);
    }
    match action {
        A::HearingStart | A::HearingEnd if matches!(state, S::InProgress | S::UnderReview) => {
            Some(state)
        }
        A::Evaluate | A::Deliver => Some(state),
        A::ReassignFirstReceiver if !matches!(state, S::Closed | S::Final) => Some(state),
        _ => None,
    }
}

#[test]
fn every_state_and_action_follows_the_table() {
    for state in S::ALL {
        for action in A::ALL {
            assert_eq!(
                transition(*state, *action),
                expected(*state, *action),
                "{state} + {action}"
            );
        }
    }
}

#[test]
fn a_refused_action_names_state_and_action_and_changes_nothing() {
    let mut m = run(&[(1, A::Accept), (10, A::Reply)]);
    let before = m.clone();
    let err = apply(&mut m, ev(11, A::Accept), &Limits::default()).unwrap_err();
    assert_eq!(
        err,
        WorkflowError::NotAllowed {
            state: S::Replied,
            action: A::Accept
        }
    );
    assert_eq!(
        err.to_string(),
        "action accept is not allowed in state replied"
    );
    assert_eq!(m, before);
}

#[test]
fn actions_need_their_fields() {
    type Case = (
        &'static [(i64, Action)],
        Action,
        fn(&mut Event),
        WorkflowError,
    );
    let cases: &[Case] = &[
        (
            &[],
            A::Reject,
            |e| e.reason = None,
            WorkflowError::Missing {
                action: A::Reject,
                field: "reason",
            },
        ),
        (
            &[],
            A::Accept,
            |e| e.unit = None,
            WorkflowError::Missing {
                action: A::Accept,
                field: "unit",
            },
        ),
        (
            &[],
            A::Forward,
            |e| e.to = None,
            WorkflowError::Missing {
                action: A::Forward,
                field: "to",
            },
        ),
        (
            &[(1, A::Accept)],
            A::Transfer,
            |e| e.reason = Some("  ".into()),
            WorkflowError::Missing {
                action: A::Transfer,
                field: "reason",
            },
        ),
        (
            &[(1, A::Accept)],
            A::Extend,
            |e| e.days = Some(31),
            WorkflowError::ExtendTooLong { days: 31, max: 30 },
        ),
        (
            &[(1, A::Accept)],
            A::Extend,
            |e| e.days = None,
            WorkflowError::Missing {
                action: A::Extend,
                field: "days",
            },
        ),
        (
            &[(1, A::Accept), (2, A::Extend)],
            A::Extend,
            |_| {},
            WorkflowError::AlreadyExtended,
        ),
        (
            &[(1, A::Accept)],
            A::Evaluate,
            |_| {},
            WorkflowError::NoReplyYet,
        ),
        (
            &[],
            A::ReassignFirstReceiver,
            |e| e.reason = None,
            WorkflowError::Missing {
                action: A::ReassignFirstReceiver,
                field: "reason",
            },
        ),
    ];
    for (history, action, tweak, want) in cases {
        let mut m = run(history);
        let mut e = ev(5, *action);
        tweak(&mut e);
        assert_eq!(
            apply(&mut m, e, &Limits::default()),
            Err(want.clone()),
            "{action}"
        );
    }
}

#[test]
fn events_must_come_in_time_order() {
    let mut m = run(&[(5, A::Accept)]);
    assert_eq!(
        apply(&mut m, ev(4, A::Reply), &Limits::default()),
        Err(WorkflowError::OutOfOrder)
    );
    let mut fresh = new_matter();
    assert_eq!(
        apply(&mut fresh, ev(-1, A::Accept), &Limits::default()),
        Err(WorkflowError::OutOfOrder)
    );
}

#[test]
fn routing_and_reassignment_update_the_matter() {
    let m = run(&[(1, A::Accept), (2, A::ReassignFirstReceiver)]);
    assert_eq!(m.unit.as_deref(), Some("jtj"));
    assert_eq!(m.first_receiver, "wangwei");
    assert_eq!(m.registered_by, "zhangli");
}

#[test]
fn due_dates_per_state() {
    let cal = Calendar::default();
    let due = |m: &Matter| due_date(m, &cal, DEFAULT_TZ);
    // Registered 2026-03-02: acceptance due 03-17.
    assert_eq!(due(&run(&[])), Some(date!(2026 - 03 - 17)));
    // Accepted 03-03: reply due 05-02, a Saturday, so Monday 05-04;
    // extended by 20 days: 05-22.
    assert_eq!(due(&run(&[(1, A::Accept)])), Some(date!(2026 - 05 - 04)));
    let mut m = run(&[(1, A::Accept)]);
    let mut e = ev(2, A::Extend);
    e.days = Some(20);
    apply(&mut m, e, &Limits::default()).unwrap();
    assert_eq!(due(&m), Some(date!(2026 - 05 - 22)));
    // Replied 03-12: ready to close 04-11, a Saturday, so 04-13. Review
    // requested 03-22: due 04-21.
    assert_eq!(
        due(&run(&[(1, A::Accept), (10, A::Reply)])),
        Some(date!(2026 - 04 - 13))
    );
    assert_eq!(
        due(&run(&[
            (1, A::Accept),
            (10, A::Reply),
            (20, A::ReviewRequest)
        ])),
        Some(date!(2026 - 04 - 21))
    );
    let rr = run(&[
        (1, A::Accept),
        (10, A::Reply),
        (20, A::ReviewRequest),
        (30, A::ReviewDecision),
        (40, A::RereviewRequest),
    ]);
    assert_eq!(due(&rr), Some(date!(2026 - 05 - 11)));
    assert_eq!(due(&run(&[(0, A::Reject)])), None);
    assert_eq!(due(&run(&[(0, A::ResolveOnSpot), (1, A::Close)])), None);
}

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

#[test]
fn dates_are_local_to_the_desk() {
    // 23:30 UTC on 03-01 is already 03-02 07:30 in UTC+8.
    let mut m = new_matter();
    m.registered_at = Ts(1_772_407_800);
    assert_eq!(
        m.registered_at.local_date(DEFAULT_TZ),
        date!(2026 - 03 - 02)
    );
    assert_eq!(
        due_date(&m, &Calendar::default(), DEFAULT_TZ),
        Some(date!(2026 - 03 - 17))
    );
}

#[test]
fn on_time_means_replied_by_the_due_date() {
    let cal = Calendar::default();
    // Accepted 03-03 (day 1): due 05-02, a Saturday, so Monday 05-04 (day 63).
    let on_time = |reply_day| {
        replied_on_time(
            &run(&[(1, A::Accept), (reply_day, A::Reply)]),
            &cal,
            DEFAULT_TZ,
        )
    };
    assert_eq!(on_time(61), Some(true));
    assert_eq!(on_time(63), Some(true));
    assert_eq!(on_time(64), Some(false));
    let mut m = run(&[(1, A::Accept)]);
    let mut e = ev(30, A::Extend);
    e.days = Some(10);
    apply(&mut m, e, &Limits::default()).unwrap();
    apply(&mut m, ev(70, A::Reply), &Limits::default()).unwrap();
    assert_eq!(
        replied_on_time(&m, &cal, DEFAULT_TZ),
        Some(true),
        "extended to day 71"
    );
    assert_eq!(
        replied_on_time(&run(&[(40, A::ResolveOnSpot)]), &cal, DEFAULT_TZ),
        Some(true)
    );
    assert_eq!(
        replied_on_time(&run(&[(1, A::Accept)]), &cal, DEFAULT_TZ),
        None
    );
}

#[test]
fn allowed_level_rises_with_each_stage_and_saturates() {
    let m = run(&[
        (1, A::Accept),
        (10, A::Reply),
        (15, A::ReviewRequest),
        (20, A::ReviewDecision),
    ]);
    assert_eq!(allowed_level(&m, at(5)), Level::County);
    assert_eq!(allowed_level(&m, at(12)), Level::City);
    assert_eq!(allowed_level(&m, at(25)), Level::Province);
    let mut high = m.clone();
    high.jurisdiction = Level::Province;
    assert_eq!(allowed_level(&high, at(25)), Level::National);
}
