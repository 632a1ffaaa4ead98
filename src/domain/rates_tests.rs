use super::*;
use crate::domain::workflow::Holidays;
use crate::domain::{Contact, Event, LedgerNo, Level, Ts, DEFAULT_TZ};
use time::macros::date;

/// 2026-03-02 09:00 in UTC+8.
const T0: i64 = 1_772_413_200;
const DAY: i64 = 86_400;

/// (day after 2026-03-02, action, extension days)
type Steps<'a> = &'a [(i64, Step, Option<u16>)];

fn matter(events: Steps, contacts: usize) -> Matter {
    let mut m = Matter::registered("a", Ts(T0));
    m.events = events
        .iter()
        .map(|(d, a, days)| {
            let mut e = Event::new(Ts(T0 + d * DAY), *a, "a");
            e.days = *days;
            e.satisfaction = (*a == Step::Evaluate).then_some(Satisfaction::Basic);
            e
        })
        .collect();
    m.contacts = (0..contacts)
        .map(|i| Contact {
            id: i as u64,
            at: Ts(T0),
            channel: crate::domain::Channel::Visit,
            level: Level::County,
            headcount: 1,
            petitioners: vec![1],
            matter: LedgerNo { year: 2026, seq: 1 },
            town: "t".into(),
            receiver: "a".into(),
            summary: String::new(),
            abnormal: false,
            letter_no: None,
            repeat: i > 0,
            skip_level: false,
        })
        .collect();
    m
}

#[test]
fn first_reply_on_time_by_table() {
    use Step as A;
    let cal = Calendar::default();
    // Accepted 03-03 (day 1): due 60 days later, 2026-05-02.
    let table: &[(Steps, Option<(Date, bool)>)] = &[
        (
            &[(1, A::Accept, None), (61, A::Reply, None)],
            Some((date!(2026 - 05 - 02), true)),
        ),
        (
            // Due 05-02, a Saturday: Monday 05-04 is still on time.
            &[(1, A::Accept, None), (63, A::Reply, None)],
            Some((date!(2026 - 05 - 04), true)),
        ),
        (
            &[(1, A::Accept, None), (64, A::Reply, None)],
            Some((date!(2026 - 05 - 05), false)),
        ),
        // Hearing days (03-12 to 03-17) before the reply move it too.
        (
            &[
                (1, A::Accept, None),
                (10, A::HearingStart, None),
                (15, A::HearingEnd, None),
                (66, A::Reply, None),
            ],
            Some((date!(2026 - 05 - 07), true)),
        ),
        (
            &[
                (1, A::Accept, None),
                (10, A::HearingStart, None),
                (15, A::HearingEnd, None),
                (67, A::Reply, None),
            ],
            Some((date!(2026 - 05 - 08), false)),
        ),
        // An extension granted before the reply moves the due date.
        (
            &[
                (1, A::Accept, None),
                (30, A::Extend, Some(10)),
                (70, A::Reply, None),
            ],
            Some((date!(2026 - 05 - 11), true)),
        ),
        (
            &[
                (1, A::Accept, None),
                (30, A::Extend, Some(10)),
                (72, A::Reply, None),
            ],
            Some((date!(2026 - 05 - 13), false)),
        ),
        // On the spot is always on time.
        (
            &[(40, A::ResolveOnSpot, None)],
            Some((date!(2026 - 04 - 11), true)),
        ),
        (&[(1, A::Accept, None)], None),
    ];
    for (events, want) in table {
        let got = FirstReply::of(&matter(events, 1), DEFAULT_TZ).map(|f| (f.on, f.on_time(&cal)));
        assert_eq!(got, *want, "{events:?}");
    }
}

#[test]
fn a_due_date_on_a_holiday_moves_to_the_next_working_day() {
    let m = matter(&[(1, Step::Accept, None), (62, Step::Reply, None)], 1);
    let f = FirstReply::of(&m, DEFAULT_TZ).unwrap();
    let mut cal = Calendar::default();
    // Due 05-02, a Saturday: Monday 05-04, so a reply on Sunday is on time.
    assert_eq!(f.due(&cal), Some(date!(2026 - 05 - 04)));
    assert!(f.on_time(&cal));
    cal.holidays = Holidays::new([date!(2026 - 05 - 04)].into(), Default::default());
    assert_eq!(f.due(&cal), Some(date!(2026 - 05 - 05)));
    cal.holidays = Holidays::new(Default::default(), [date!(2026 - 05 - 02)].into());
    assert!(!f.on_time(&cal), "a 调休 Saturday is a working day");
}

#[test]
fn ending_and_one_time_by_table() {
    use Step as A;
    let table: &[(Steps, usize, Option<Date>, bool)] = &[
        // Not resolved here: out of the one-time rate whatever the contacts.
        (&[(2, A::Reject, None)], 1, None, true),
        (&[(2, A::Forward, None)], 1, None, true),
        (&[(2, A::Redirect, None)], 1, None, true),
        (
            &[(0, A::ResolveOnSpot, None), (31, A::Close, None)],
            1,
            Some(date!(2026 - 04 - 02)),
            true,
        ),
        (
            &[
                (1, A::Accept, None),
                (9, A::Reply, None),
                (10, A::ReviewRequest, None),
                (20, A::ReviewDecision, None),
                (21, A::RereviewRequest, None),
                (30, A::RereviewDecision, None),
            ],
            1,
            Some(date!(2026 - 04 - 01)),
            false,
        ),
        (&[(1, A::Accept, None), (9, A::Reply, None)], 1, None, true),
    ];
    for (events, contacts, ended, once) in table {
        let m = matter(events, *contacts);
        assert_eq!(ended_on(&m, DEFAULT_TZ), *ended, "{events:?}");
        assert_eq!(one_time(&m), *once, "{events:?}");
    }
}

#[test]
fn evaluations_are_dated_and_basic_counts_as_satisfied() {
    let m = matter(
        &[
            (0, Step::ResolveOnSpot, None),
            (3, Step::Evaluate, None),
            (5, Step::Evaluate, None),
        ],
        1,
    );
    let got: Vec<_> = evaluations(&m, DEFAULT_TZ).collect();
    assert_eq!(
        got,
        vec![
            (date!(2026 - 03 - 05), Satisfaction::Basic),
            (date!(2026 - 03 - 07), Satisfaction::Basic)
        ]
    );
    let sat: Vec<bool> = Satisfaction::ALL.iter().map(|s| is_satisfied(*s)).collect();
    assert_eq!(sat, [true, true, false]);
}

#[test]
fn acceptance_counts_on_the_decision_or_its_due_date_by_table() {
    use Step as A;
    let cal = Calendar::default();
    // Registered 03-02: the decision is due 15 days later, 03-17.
    let due = date!(2026 - 03 - 17);
    let today = date!(2026 - 06 - 01);
    let table: &[(Steps, Date, Option<bool>)] = &[
        (&[(15, A::Accept, None)], due, Some(true)),
        // A day late: counted on the due date, late.
        (&[(16, A::Accept, None)], due, Some(false)),
        (&[(2, A::Reject, None)], date!(2026 - 03 - 04), Some(true)),
        (&[(3, A::Forward, None)], date!(2026 - 03 - 05), Some(true)),
        (&[(20, A::Redirect, None)], due, Some(false)),
        (
            &[(0, A::ResolveOnSpot, None)],
            date!(2026 - 03 - 02),
            Some(true),
        ),
        // Never decided: late on its due date.
        (&[], due, Some(false)),
    ];
    for (events, on, verdict) in table {
        let d = acceptance(&matter(events, 1), &cal, DEFAULT_TZ);
        assert_eq!(
            (d.counts_on(), d.verdict(today)),
            (*on, *verdict),
            "{events:?}"
        );
    }
}

#[test]
fn an_undecided_matter_counts_late_only_once_its_due_date_has_passed() {
    let d = acceptance(&matter(&[], 1), &Calendar::default(), DEFAULT_TZ);
    assert_eq!(d.due, date!(2026 - 03 - 17));
    assert_eq!(d.verdict(date!(2026 - 03 - 16)), None);
    assert_eq!(
        d.verdict(date!(2026 - 03 - 17)),
        None,
        "due today: not late yet"
    );
    assert_eq!(d.verdict(date!(2026 - 03 - 18)), Some(false));
    // A holiday on the due date moves it, and the count with it.
    let cal = Calendar {
        holidays: Holidays::new([date!(2026 - 03 - 17)].into(), Default::default()),
        ..Default::default()
    };
    let d = acceptance(&matter(&[(16, Step::Accept, None)], 1), &cal, DEFAULT_TZ);
    assert_eq!(
        (d.counts_on(), d.verdict(d.due)),
        (date!(2026 - 03 - 18), Some(true))
    );
}

#[test]
fn handling_counts_unreplied_matters_on_their_due_date_by_table() {
    use Step as A;
    let cal = Calendar::default();
    // Accepted 03-03: due 05-02, a Saturday, so Monday 05-04.
    let table: &[(Steps, Option<Deadline>)] = &[
        (
            &[(1, A::Accept, None)],
            Some(Deadline {
                due: date!(2026 - 05 - 04),
                done: None,
                paused: false,
            }),
        ),
        (
            &[(1, A::Accept, None), (64, A::Reply, None)],
            Some(Deadline {
                due: date!(2026 - 05 - 04),
                done: Some(date!(2026 - 05 - 05)),
                paused: false,
            }),
        ),
        // Extended 10 days, not replied: due 05-12.
        (
            &[(1, A::Accept, None), (30, A::Extend, Some(10))],
            Some(Deadline {
                due: date!(2026 - 05 - 12),
                done: None,
                paused: false,
            }),
        ),
        // A hearing of 5 days: due 05-07.
        (
            &[
                (1, A::Accept, None),
                (10, A::HearingStart, None),
                (15, A::HearingEnd, None),
            ],
            Some(Deadline {
                due: date!(2026 - 05 - 07),
                done: None,
                paused: false,
            }),
        ),
        // On the spot: on its date, on time.
        (
            &[(40, A::ResolveOnSpot, None)],
            Some(Deadline {
                due: date!(2026 - 04 - 11),
                done: Some(date!(2026 - 04 - 11)),
                paused: false,
            }),
        ),
        // Never accepted: not handled here.
        (&[], None),
        (&[(2, A::Reject, None)], None),
    ];
    for (events, want) in table {
        assert_eq!(
            handling(&matter(events, 1), &cal, DEFAULT_TZ),
            *want,
            "{events:?}"
        );
    }
    let late = handling(&matter(&[(1, A::Accept, None)], 1), &cal, DEFAULT_TZ).unwrap();
    assert_eq!(late.verdict(date!(2026 - 05 - 04)), None);
    assert_eq!(late.verdict(date!(2026 - 05 - 05)), Some(false));
    let replied = handling(&matter(table[1].0, 1), &cal, DEFAULT_TZ).unwrap();
    assert_eq!(
        (replied.counts_on(), replied.verdict(date!(2026 - 05 - 01))),
        (date!(2026 - 05 - 04), Some(false))
    );
}

#[test]
fn one_evaluation_per_stage_counts_the_latest() {
    use Step as A;
    let mut m = matter(
        &[
            (1, A::Accept, None),
            (9, A::Reply, None),
            (10, A::Evaluate, None),
            (12, A::Evaluate, None),
            (13, A::ReviewRequest, None),
            (20, A::ReviewDecision, None),
            (21, A::Evaluate, None),
        ],
        1,
    );
    m.events[2].satisfaction = Some(Satisfaction::Unsatisfied);
    m.events[3].satisfaction = Some(Satisfaction::Satisfied);
    assert_eq!(
        stage_evaluations(&m, DEFAULT_TZ),
        vec![
            (Stage::Reply, date!(2026 - 03 - 14), Satisfaction::Satisfied),
            (Stage::Review, date!(2026 - 03 - 23), Satisfaction::Basic),
        ]
    );
    assert_eq!(
        reply_evaluated(&m, DEFAULT_TZ),
        Some((date!(2026 - 03 - 11), true))
    );
    // Evaluated only after the review decision: the reply was not.
    let later = matter(
        &[
            (1, A::Accept, None),
            (9, A::Reply, None),
            (13, A::ReviewRequest, None),
            (20, A::ReviewDecision, None),
            (21, A::Evaluate, None),
        ],
        1,
    );
    assert_eq!(
        reply_evaluated(&later, DEFAULT_TZ),
        Some((date!(2026 - 03 - 11), false))
    );
    assert_eq!(
        reply_evaluated(&matter(&[(1, A::Accept, None)], 1), DEFAULT_TZ),
        None
    );
}

#[test]
fn matters_count_by_the_kind_given_at_acceptance() {
    let mut m = matter(&[(1, Step::Accept, None)], 1);
    assert_eq!(
        accepted(&m, DEFAULT_TZ),
        Some((date!(2026 - 03 - 03), MatterKind::Appeal))
    );
    m.kind = Some(MatterKind::Report);
    assert_eq!(
        accepted(&m, DEFAULT_TZ),
        Some((date!(2026 - 03 - 03), MatterKind::Report))
    );
    assert_eq!(
        accepted(&matter(&[(0, Step::ResolveOnSpot, None)], 1), DEFAULT_TZ),
        None
    );
}

#[test]
fn an_open_hearing_holds_the_clock_of_an_unreplied_matter() {
    use Step as A;
    let cal = Calendar::default();
    let open = matter(&[(1, A::Accept, None), (50, A::HearingStart, None)], 1);
    let d = handling(&open, &cal, DEFAULT_TZ).unwrap();
    assert!(d.paused);
    assert_eq!(
        d.verdict(date!(2026 - 06 - 01)),
        None,
        "past due, but paused"
    );
    let ended = matter(
        &[
            (1, A::Accept, None),
            (50, A::HearingStart, None),
            (70, A::HearingEnd, None),
        ],
        1,
    );
    let d = handling(&ended, &cal, DEFAULT_TZ).unwrap();
    // 20 hearing days: 05-02 + 20 = 05-22 (a Friday).
    assert_eq!((d.due, d.paused), (date!(2026 - 05 - 22), false));
    assert_eq!(d.verdict(date!(2026 - 05 - 23)), Some(false));
}
