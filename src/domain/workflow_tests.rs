use super::*;
use crate::domain::rates::replied_on_time;
use crate::domain::{LedgerNo, Satisfaction, DEFAULT_TZ};
use std::collections::BTreeSet;
use time::macros::date;
use time::Date;
use MatterState as S;
use Step as A;

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
fn ev(day: i64, action: Step) -> Event {
    let mut e = Event::new(at(day), action, "zhangli");
    e.unit = Some("jtj".into());
    e.reason = Some("理由".into());
    e.to = Some("wangwei".into());
    e.days = Some(30);
    e.satisfaction = Some(Satisfaction::Satisfied);
    e.note = Some("已答复".into());
    e.opinion = Some(crate::domain::Opinion::Explain);
    e
}

fn run(actions: &[(i64, Step)]) -> Matter {
    let mut m = new_matter();
    for (d, a) in actions {
        apply(&mut m, ev(*d, *a), &Limits::default()).unwrap_or_else(|e| panic!("{a}: {e}"));
    }
    m
}

/// The state table of docs/rules.md#the-matter-workflow, written out independently of `transition`.
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
    type Case = (&'static [(i64, Step)], Step, fn(&mut Event), WorkflowError);
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
            &[(1, A::Accept)],
            A::Reply,
            |e| e.note = Some(" \n ".into()),
            WorkflowError::Missing {
                action: A::Reply,
                field: "text",
            },
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

/// History may lack a reply's opinion type (older files); the desk asks
/// for it on every new reply, and of no other step.
#[test]
fn a_new_reply_names_its_opinion_type_and_history_need_not() {
    let mut m = run(&[(1, A::Accept)]);
    let mut reply = ev(5, A::Reply);
    reply.opinion = None;
    assert_eq!(
        check_new(&reply),
        Err(WorkflowError::Missing {
            action: A::Reply,
            field: "opinion",
        })
    );
    assert_eq!(apply(&mut m, reply.clone(), &Limits::default()), Ok(()));
    reply.opinion = Some(crate::domain::Opinion::NotSupported);
    assert_eq!(check_new(&reply), Ok(()));
    let mut close = ev(6, A::Close);
    close.opinion = None;
    assert_eq!(check_new(&close), Ok(()));
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

#[path = "workflow_clock_tests.rs"]
mod clock;
