//! The matter workflow through the service (docs/rules.md: The matter workflow, Permissions): every transition of
//! the state table as the role that takes it, every refusal, the actions the
//! matter screen offers, closing matters past their review window, and the
//! audit entry each action leaves.

mod common;

use common::{audit_trail, input, integrity, weekday_on_or_after, Fields, Office, Take, TOWN};
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};
use xfdesk::domain::workflow::WorkflowError;
use xfdesk::domain::{LedgerNo, MatterState, Step};
use xfdesk::service::queues::Queue;
use xfdesk::service::ServiceError;

const START: OffsetDateTime = datetime!(2026-03-02 09:00 +8);

use xfdesk::store::Counter;
use MatterState as S;
use Step as A;

/// One step of a path: who, what, with which fields, the state after it and
/// the responsible unit after it.
type PathStep = (
    &'static str,
    Step,
    Fields<'static>,
    MatterState,
    Option<&'static str>,
);

#[test]
fn every_transition_of_the_state_table_as_the_role_that_takes_it() {
    let paths: &[&[PathStep]] = &[
        // The long road: accept, assign, transfer, extend, reply, evaluate,
        // review, re-review, final.
        &[
            (
                "zhangli",
                A::Accept,
                &[("unit", "jtj")],
                S::InProgress,
                Some("jtj"),
            ),
            (
                "zhangli",
                A::Assign,
                &[("unit", "jtj"), ("handler", "wangwei")],
                S::InProgress,
                Some("jtj"),
            ),
            (
                "wangwei",
                A::Transfer,
                &[("unit", "zrj"), ("reason", "属自然资源局职责")],
                S::InProgress,
                Some("zrj"),
            ),
            (
                "lijun",
                A::Extend,
                &[("days", "30"), ("reason", "需现场勘查")],
                S::InProgress,
                Some("zrj"),
            ),
            (
                "sunli",
                A::Reply,
                &[("note", "已书面答复"), ("opinion", "explain")],
                S::Replied,
                Some("zrj"),
            ),
            (
                "zhangli",
                A::Evaluate,
                &[("satisfaction", "basic")],
                S::Replied,
                Some("zrj"),
            ),
            (
                "zhangli",
                A::ReviewRequest,
                &[],
                S::UnderReview,
                Some("zrj"),
            ),
            (
                "sunli",
                A::ReviewDecision,
                &[],
                S::ReviewDecided,
                Some("zrj"),
            ),
            (
                "zhangli",
                A::RereviewRequest,
                &[],
                S::UnderRereview,
                Some("zrj"),
            ),
            ("lijun", A::RereviewDecision, &[], S::Final, Some("zrj")),
            (
                "zhangli",
                A::Evaluate,
                &[("satisfaction", "unsatisfied")],
                S::Final,
                Some("zrj"),
            ),
        ],
        &[(
            "zhangli",
            A::Reject,
            &[("reason", "不属信访事项")],
            S::Closed,
            None,
        )],
        &[(
            "zhangli",
            A::Forward,
            &[("to", "市信访局")],
            S::Closed,
            None,
        )],
        &[
            ("zhangli", A::ResolveOnSpot, &[], S::Replied, None),
            ("zhangli", A::Close, &[], S::Closed, None),
        ],
        &[
            (
                "zhangli",
                A::Accept,
                &[("unit", "jtj")],
                S::InProgress,
                Some("jtj"),
            ),
            (
                "wangwei",
                A::Reply,
                &[("note", "已答复"), ("opinion", "support")],
                S::Replied,
                Some("jtj"),
            ),
            (
                "wangwei",
                A::ReviewRequest,
                &[],
                S::UnderReview,
                Some("jtj"),
            ),
            (
                "wangwei",
                A::ReviewDecision,
                &[],
                S::ReviewDecided,
                Some("jtj"),
            ),
            ("zhangli", A::Close, &[], S::Closed, Some("jtj")),
        ],
    ];
    let mut o = Office::new(START);
    for path in paths {
        let ledger = o.register("zhangli", "jy", TOWN);
        for (login, action, fields, state, unit) in path.iter() {
            let what = format!("{ledger} {login} {action}");
            let m = o
                .act(login, ledger, &input(*action, fields))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!((m.state, m.unit.as_deref()), (*state, *unit), "{what}");
            assert_eq!(m, o.matter(ledger), "{what}: returned as stored");
            let e = m.events.last().unwrap();
            assert_eq!((e.action, e.by.as_str()), (*action, *login), "{what}");
            assert_eq!(e.at.0, o.now.unix_timestamp(), "{what}: dated now");
            let audit = audit_trail(&o.db).pop().unwrap();
            assert_eq!(audit.by, *login, "{what}");
            assert_eq!(audit.record, format!("matter {ledger}"), "{what}");
            let head = format!("{action} → {state}");
            assert!(audit.what.starts_with(&head), "{what}: {}", audit.what);
        }
        assert_eq!(o.matter(ledger).first_receiver, "zhangli");
    }
    let first = o.matter(LedgerNo { year: 2026, seq: 1 });
    assert_eq!(first.handler.as_deref(), Some("wangwei"));
    let extend = first.events.iter().find(|e| e.action == A::Extend).unwrap();
    assert_eq!(extend.days, Some(30));
    assert!(integrity(&o.db.desk).is_ok());
}

#[test]
fn a_supervisor_reassigns_the_first_receiver_with_a_reason() {
    let mut o = Office::new(START);
    let ledger = o.register("zhangli", "jy", TOWN);
    let today = o.now.date();
    let mine = |o: &mut Office, login: &str| -> Vec<LedgerNo> {
        o.db.as_user(login)
            .queue_ledgers(Queue::Mine, today)
            .unwrap()
    };
    assert_eq!(mine(&mut o, "zhangli"), [ledger]);
    assert_eq!(mine(&mut o, "chenjing"), []);
    let reassign = |fields| input(A::ReassignFirstReceiver, fields);
    // Without a reason, by a receptionist, or to someone not on the staff:
    // refused.
    let missing = o.act("lijun", ledger, &reassign(&[("to", "chenjing")]));
    assert!(
        matches!(
            missing,
            Err(ServiceError::Workflow {
                error: WorkflowError::Missing {
                    field: "reason",
                    ..
                },
                ..
            })
        ),
        "{missing:?}"
    );
    let fields: &[(&str, &str)] = &[("to", "chenjing"), ("reason", "张丽调岗")];
    let by_receptionist = o.act("zhangli", ledger, &reassign(fields));
    assert!(matches!(
        by_receptionist,
        Err(ServiceError::Forbidden { .. })
    ));
    let ghost = o.act(
        "lijun",
        ledger,
        &reassign(&[("to", "ghost"), ("reason", "x")]),
    );
    assert!(
        matches!(&ghost, Err(ServiceError::Invalid(m)) if m.contains("ghost")),
        "{ghost:?}"
    );
    assert_eq!(o.matter(ledger).first_receiver, "zhangli");

    let m = o.act("lijun", ledger, &reassign(fields)).unwrap();
    assert_eq!(
        (m.first_receiver.as_str(), m.state),
        ("chenjing", S::Registered)
    );
    assert_eq!(m.registered_by, "zhangli", "who registered never changes");
    let audit = audit_trail(&o.db).pop().unwrap();
    assert_eq!(audit.by, "lijun");
    assert!(
        audit.what.contains("to chenjing") && audit.what.contains("张丽调岗"),
        "{}",
        audit.what
    );
    assert_eq!(mine(&mut o, "chenjing"), [ledger]);
    assert_eq!(mine(&mut o, "zhangli"), []);
    assert!(integrity(&o.db.desk).is_ok());
}

type Check = fn(&ServiceError) -> bool;

/// On which matter, who, what, with which fields; the kind of error and the
/// words its message must hold.
type Refusal = (
    LedgerNo,
    &'static str,
    Step,
    Fields<'static>,
    Check,
    &'static [&'static str],
);

fn not_allowed(e: &ServiceError) -> bool {
    matches!(
        e,
        ServiceError::Workflow {
            error: WorkflowError::NotAllowed { .. },
            ..
        }
    )
}

fn forbidden(e: &ServiceError) -> bool {
    matches!(e, ServiceError::Forbidden { .. })
}

fn missing(e: &ServiceError) -> bool {
    matches!(
        e,
        ServiceError::Workflow {
            error: WorkflowError::Missing { .. },
            ..
        }
    )
}

fn invalid(e: &ServiceError) -> bool {
    matches!(e, ServiceError::Invalid(_))
}

#[test]
fn every_refusal_names_its_reason_and_changes_nothing() {
    let mut o = Office::new(START);
    let r = o.register("zhangli", "jy", TOWN);
    let p = o.register("zhangli", "jy", TOWN);
    o.walk(p, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    let e = o.register("zhangli", "jy", TOWN);
    o.walk(
        e,
        &[
            ("zhangli", A::Accept, &[("unit", "jtj")]),
            ("lijun", A::Extend, &[("days", "10"), ("reason", "复杂")]),
        ],
    );
    let c = o.register("zhangli", "jy", TOWN);
    o.walk(c, &[("zhangli", A::Reject, &[("reason", "重复")])]);
    let nowhere = LedgerNo {
        year: 2026,
        seq: 99,
    };
    const REASSIGN: Fields = &[("to", "chenjing"), ("reason", "调岗")];
    #[rustfmt::skip]
    let cases: Vec<Refusal> = vec![
        // The state does not allow it: the message names both.
        (r, "lijun", A::Reply, &[("note", "已答复"), ("opinion", "support")], not_allowed, &["registered", "reply"]),
        (r, "zhangli", A::ReviewRequest, &[], not_allowed, &["registered", "review_request"]),
        (p, "zhangli", A::Close, &[], not_allowed, &["in_progress", "close"]),
        (p, "zhangli", A::Accept, &[("unit", "jtj")], not_allowed, &["in_progress", "accept"]),
        (c, "lijun", A::ReassignFirstReceiver, REASSIGN, not_allowed, &["closed", "reassign_first_receiver"]),
        (c, "lijun", A::Accept, &[("unit", "jtj")], not_allowed, &["closed", "accept"]),
        // The role does not allow it.
        (p, "zhangli", A::Extend, &[("days", "10"), ("reason", "复杂")], forbidden, &["receptionist", "zhangli", "extend"]),
        (p, "wangwei", A::Extend, &[("days", "10"), ("reason", "复杂")], forbidden, &["handler", "wangwei", "extend"]),
        (p, "sunli", A::Reply, &[("note", "已答复"), ("opinion", "support")], forbidden, &["handler", "sunli", "reply"]),
        (p, "sunli", A::Transfer, &[("unit", "zrj"), ("reason", "x")], forbidden, &["sunli", "transfer"]),
        (r, "zhangli", A::ReassignFirstReceiver, REASSIGN, forbidden, &["zhangli", "reassign_first_receiver"]),
        (r, "zhaomin", A::Accept, &[("unit", "jtj")], forbidden, &["leader", "zhaomin", "accept"]),
        // Extensions: at most 30 days, once, with a reason.
        (p, "lijun", A::Extend, &[("days", "31"), ("reason", "复杂")], |e| matches!(e, ServiceError::Workflow { error: WorkflowError::ExtendTooLong { days: 31, max: 30 }, .. }), &["31", "30"]),
        (p, "lijun", A::Extend, &[("days", "0"), ("reason", "复杂")], |e| matches!(e, ServiceError::Workflow { error: WorkflowError::ExtendTooLong { .. }, .. }), &["0 days"]),
        (p, "lijun", A::Extend, &[("days", "10")], missing, &["extend", "reason"]),
        (e, "lijun", A::Extend, &[("days", "5"), ("reason", "复杂")], |e| matches!(e, ServiceError::Workflow { error: WorkflowError::AlreadyExtended, .. }), &["already"]),
        // Satisfaction needs a reply.
        (p, "zhangli", A::Evaluate, &[("satisfaction", "satisfied")], |e| matches!(e, ServiceError::Workflow { error: WorkflowError::NoReplyYet, .. }), &["reply"]),
        // Fields an action needs, and references that must exist.
        (r, "zhangli", A::Reject, &[], missing, &["reject", "reason"]),
        (r, "zhangli", A::Forward, &[("reason", "x")], missing, &["forward", "to"]),
        (r, "zhangli", A::Accept, &[], missing, &["accept", "unit"]),
        (p, "wangwei", A::Transfer, &[("unit", "zrj")], missing, &["transfer", "reason"]),
        (r, "zhangli", A::Accept, &[("unit", "nosuch")], invalid, &["nosuch"]),
        (r, "lijun", A::ReassignFirstReceiver, &[("to", "ghost"), ("reason", "x")], invalid, &["ghost"]),
        (r, "lijun", A::ReassignFirstReceiver, &[("to", "chenjing")], missing, &["reassign_first_receiver", "reason"]),
        (nowhere, "zhangli", A::Accept, &[("unit", "jtj")], |e| matches!(e, ServiceError::NotFound(_)), &["2026-000099"]),
    ];
    for (ledger, login, action, fields, check, words) in cases {
        let what = format!("{ledger} {login} {action} {fields:?}");
        let before = o.db.desk.store().matter(ledger).unwrap();
        let audit = audit_trail(&o.db).len();
        let err = o
            .act(login, ledger, &input(action, fields))
            .expect_err(&what);
        assert!(check(&err), "{what}: {err:?}");
        let message = err.to_string();
        for w in words {
            assert!(message.contains(w), "{what}: {message:?} lacks {w:?}");
        }
        assert_eq!(o.db.desk.store().matter(ledger).unwrap(), before, "{what}");
        assert_eq!(audit_trail(&o.db).len(), audit, "{what}");
    }
    // A leader may look but not act, whatever the action and the state.
    for ledger in [r, p, e] {
        for action in Step::ALL {
            let full = full_input(*action);
            let err = o.act("zhaomin", ledger, &full).expect_err("leader");
            assert!(forbidden(&err), "{ledger} {action}: {err:?}");
        }
    }
}

/// An action's input with every field filled, so only the state, the role
/// and the matter's history can refuse it.
fn full_input(action: Step) -> xfdesk::service::act::ActionInput {
    input(
        action,
        &[
            ("unit", "jtj"),
            ("reason", "理由"),
            ("to", "chenjing"),
            ("days", "5"),
            ("satisfaction", "satisfied"),
        ],
    )
}

#[test]
fn the_matter_screen_offers_exactly_what_state_and_role_allow() {
    let mut o = Office::new(START);
    let accept: Take = ("zhangli", A::Accept, &[("unit", "jtj")]);
    let reply: Take = (
        "wangwei",
        A::Reply,
        &[("note", "已答复"), ("opinion", "support")],
    );
    let request = ("zhangli", A::ReviewRequest, &[][..]);
    let r = o.register("zhangli", "jy", TOWN);
    let p = o.register("zhangli", "jy", TOWN);
    o.walk(p, &[accept]);
    let e = o.register("zhangli", "jy", TOWN);
    o.walk(
        e,
        &[
            accept,
            ("lijun", A::Extend, &[("days", "5"), ("reason", "x")]),
        ],
    );
    let y = o.register("zhangli", "jy", TOWN);
    o.walk(y, &[accept, reply]);
    let u = o.register("zhangli", "jy", TOWN);
    o.walk(u, &[accept, reply, request]);
    let c = o.register("zhangli", "jy", TOWN);
    o.walk(c, &[("zhangli", A::Reject, &[("reason", "x")])]);
    let f = o.register("zhangli", "jy", TOWN);
    o.walk(
        f,
        &[
            accept,
            reply,
            request,
            ("wangwei", A::ReviewDecision, &[]),
            ("zhangli", A::RereviewRequest, &[]),
            ("lijun", A::RereviewDecision, &[]),
        ],
    );
    let sup_open = [
        A::Accept,
        A::Reject,
        A::Forward,
        A::Redirect,
        A::ResolveOnSpot,
    ];
    #[rustfmt::skip]
    let table: Vec<(LedgerNo, &str, Vec<Step>)> = vec![
        // Registered, no unit yet: everyone who acts may route it.
        (r, "zhangli", sup_open.to_vec()),
        (r, "wangwei", sup_open.to_vec()),
        (r, "sunli", sup_open.to_vec()),
        (r, "lijun", [&sup_open[..], &[A::ReassignFirstReceiver]].concat()),
        (r, "zhaomin", vec![]),
        // In progress at jtj; a hearing may be opened.
        (p, "zhangli", vec![A::Assign]),
        (p, "wangwei", vec![A::Assign, A::Transfer, A::Reply, A::HearingStart]),
        (p, "sunli", vec![]),
        (p, "lijun", vec![A::Assign, A::Transfer, A::Extend, A::Reply, A::ReassignFirstReceiver, A::HearingStart]),
        (p, "zhaomin", vec![]),
        // Extended once: no second extension.
        (e, "lijun", vec![A::Assign, A::Transfer, A::Reply, A::ReassignFirstReceiver, A::HearingStart]),
        // Replied: the reply may be delivered.
        (y, "zhangli", vec![A::ReviewRequest, A::Close, A::Evaluate, A::Deliver]),
        (y, "wangwei", vec![A::ReviewRequest, A::Close, A::Evaluate, A::Deliver]),
        (y, "sunli", vec![]),
        (y, "lijun", vec![A::ReviewRequest, A::Close, A::Evaluate, A::ReassignFirstReceiver, A::Deliver]),
        // Under review.
        (u, "zhangli", vec![A::Evaluate, A::Deliver]),
        (u, "wangwei", vec![A::ReviewDecision, A::Evaluate, A::HearingStart, A::Deliver]),
        (u, "lijun", vec![A::ReviewDecision, A::Evaluate, A::ReassignFirstReceiver, A::HearingStart, A::Deliver]),
        // Closed without a reply: nothing; final after one: evaluation and
        // delivery of the decision.
        (c, "zhangli", vec![]),
        (c, "lijun", vec![]),
        (f, "zhangli", vec![A::Evaluate, A::Deliver]),
        (f, "wangwei", vec![A::Evaluate, A::Deliver]),
        (f, "sunli", vec![]),
        (f, "lijun", vec![A::Evaluate, A::Deliver]),
        (f, "zhaomin", vec![]),
    ];
    for (ledger, login, want) in table {
        let m = o.matter(ledger);
        let offered = o.db.as_user(login).actions_for(&m);
        assert_eq!(offered, want, "{:?} as {login}", m.state);
        // Whatever is not offered is refused, however complete the input.
        for action in Step::ALL.iter().filter(|a| !want.contains(a)) {
            let err = o.act(login, ledger, &full_input(*action));
            assert!(err.is_err(), "{:?} {login} {action} went through", m.state);
            assert_eq!(o.matter(ledger), m);
        }
    }
}

#[test]
fn close_ready_closes_only_matters_past_their_review_window() {
    let mut o = Office::new(START);
    let accept: Take = ("zhangli", A::Accept, &[("unit", "jtj")]);
    let reply: Take = (
        "wangwei",
        A::Reply,
        &[("note", "已答复"), ("opinion", "support")],
    );
    let spot = o.register("zhangli", "jy", TOWN);
    o.walk(spot, &[("zhangli", A::ResolveOnSpot, &[])]);
    let decided = o.register("zhangli", "jy", TOWN);
    o.walk(
        decided,
        &[
            accept,
            reply,
            ("zhangli", A::ReviewRequest, &[]),
            ("wangwei", A::ReviewDecision, &[]),
        ],
    );
    let replied = o.register("zhangli", "jy", TOWN);
    o.walk(replied, &[accept, reply]);
    let open = o.register("zhangli", "jy", TOWN);
    o.walk(open, &[accept]);
    // The review window is 30 days from the reply or the decision, moved
    // off a weekend; the matter is ready to close the day after it.
    let window_ends = |o: &Office, l| {
        let m = o.matter(l);
        weekday_on_or_after(
            m.events
                .last()
                .unwrap()
                .at
                .local_date(o.db.desk.store().tz())
                + Duration::days(30),
        ) + Duration::days(1)
    };
    let (a, b, c) = (
        window_ends(&o, spot),
        window_ends(&o, decided),
        window_ends(&o, replied),
    );
    assert!(a < b && b < c, "{a} {b} {c}");

    o.db.as_user("zhaomin");
    assert_eq!(
        o.db.desk.close_ready(c).unwrap(),
        [],
        "a leader closes nothing"
    );
    o.db.as_user("zhangli");
    assert_eq!(o.db.desk.close_ready(a - Duration::days(1)).unwrap(), []);
    assert_eq!(o.db.desk.close_ready(a).unwrap(), [spot]);
    assert_eq!(o.db.desk.close_ready(b - Duration::days(1)).unwrap(), []);
    assert_eq!(o.db.desk.close_ready(b).unwrap(), [decided]);
    let states: Vec<MatterState> = [spot, decided, replied, open]
        .iter()
        .map(|l| o.matter(*l).state)
        .collect();
    assert_eq!(states, [S::Closed, S::Closed, S::Replied, S::InProgress]);
    let audit = audit_trail(&o.db);
    for l in [spot, decided] {
        let record = format!("matter {l}");
        let e = audit.iter().rev().find(|e| e.record == record).unwrap();
        assert_eq!(
            (e.by.as_str(), e.what.as_str()),
            ("zhangli", "close → closed")
        );
    }
    assert_eq!(o.db.desk.close_ready(c).unwrap(), [replied]);
    assert_eq!(o.db.desk.close_ready(c).unwrap(), [], "nothing left");
}

#[test]
fn a_petitioner_back_after_the_end_is_a_repeat_on_that_matter_and_a_final_one_gets_no_new_clock() {
    use xfdesk::service::register::Warning;
    let mut o = Office::new(datetime!(2026-03-02 09:00 +8));
    let accept = ("zhangli", A::Accept, &[("unit", "jtj")][..]);
    let reply = (
        "wangwei",
        A::Reply,
        &[("note", "已答复"), ("opinion", "support")][..],
    );
    let ended = o.register("zhangli", "jy", TOWN);
    o.walk(
        ended,
        &[
            accept,
            reply,
            ("zhangli", A::ReviewRequest, &[]),
            ("wangwei", A::ReviewDecision, &[]),
            ("zhangli", A::RereviewRequest, &[]),
            ("lijun", A::RereviewDecision, &[]),
        ],
    );
    let who = o.matter(ended).petitioners[0];
    // The same person's later matter, still open, comes first.
    o.wait(Duration::days(1));
    let mut r = common::walk_in("", "", "jy", "另一件事");
    r.person = xfdesk::service::register::Person::Existing(who);
    let open = o.db.as_user("zhangli").register(&r).unwrap().ledger;
    let offered: Vec<LedgerNo> =
        o.db.desk
            .repeat_candidates(who, "jy")
            .unwrap()
            .iter()
            .map(|m| m.ledger)
            .collect();
    assert_eq!(offered, [open, ended]);

    let ledgers_before = o.db.desk.store().counter(Counter::Ledger(2026)).unwrap();
    o.wait(Duration::days(1));
    let saved =
        o.db.as_user("zhangli")
            .register(&common::repeat_visit(
                who,
                ended,
                xfdesk::domain::Level::County,
            ))
            .unwrap();
    assert!(!saved.new_matter);
    assert_eq!(saved.ledger, ended);
    assert!(saved
        .warnings
        .contains(&Warning::FinalMatter { ledger: ended }));
    let m = o.matter(ended);
    assert_eq!(m.state, S::Final, "a contact never reopens a matter");
    assert!(m.contacts.last().unwrap().repeat);
    let cal = o.db.desk.store().calendar();
    assert_eq!(
        xfdesk::domain::workflow::due_date(&m, &cal, o.db.desk.store().tz()),
        None,
        "no new clock"
    );
    assert_eq!(
        o.db.desk.store().counter(Counter::Ledger(2026)).unwrap(),
        ledgers_before
    );
}

#[test]
fn only_appeals_have_review_and_a_matter_is_classified_when_accepted() {
    use xfdesk::domain::MatterKind;
    let mut o = Office::new(START);
    let reply: Take = (
        "wangwei",
        A::Reply,
        &[("note", "已答复"), ("opinion", "support")],
    );
    for (kind, review) in [("suggestion", false), ("report", false), ("appeal", true)] {
        let l = o.register("zhangli", "jy", TOWN);
        let m = o.walk(
            l,
            &[
                ("zhangli", A::Accept, &[("unit", "jtj"), ("kind", kind)]),
                reply,
            ],
        );
        assert_eq!(m.kind, MatterKind::from_code(kind));
        let offered = o.db.as_user("zhangli").actions_for(&m);
        assert_eq!(offered.contains(&A::ReviewRequest), review, "{kind}");
        let asked = o.act("zhangli", l, &input(A::ReviewRequest, &[]));
        if review {
            assert_eq!(asked.unwrap().state, S::UnderReview);
        } else {
            let e = asked.unwrap_err();
            assert!(
                matches!(
                    e,
                    ServiceError::Workflow {
                        error: WorkflowError::NoReviewForKind { .. },
                        ..
                    }
                ),
                "{e}"
            );
            assert!(
                e.to_string()
                    .contains("only 申诉求决类 (appeal) matters have review"),
                "{e}"
            );
            // It ends by being closed after its reply.
            o.walk(l, &[("zhangli", A::Close, &[])]);
        }
    }
    // Accepted without a kind: an appeal, and the audit says so.
    let l = o.register("zhangli", "jy", TOWN);
    let m = o.walk(l, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    assert_eq!(m.kind, Some(MatterKind::Appeal));
    let trail = audit_trail(&o.db);
    assert!(trail.last().unwrap().what.contains("kind appeal"));
}

#[test]
fn a_matter_for_the_courts_is_redirected_with_its_route_and_is_no_one_time_resolution() {
    let mut o = Office::new(START);
    let l = o.register("zhangli", "jy", TOWN);
    let refused = o.act("zhangli", l, &input(A::Redirect, &[])).unwrap_err();
    assert!(
        refused.to_string().contains("action redirect needs to"),
        "{refused}"
    );
    let m = o.walk(l, &[("zhangli", A::Redirect, &[("to", "行政复议")])]);
    assert_eq!(m.state, S::Closed);
    assert_eq!(m.events.last().unwrap().to.as_deref(), Some("行政复议"));
    // Neither a redirect nor a forward is a one-time resolution: both stay
    // out of the rate's denominator.
    let f = o.register("zhangli", "jy", TOWN);
    o.walk(f, &[("zhangli", A::Forward, &[("to", "市自然资源局")])]);
    let year = xfdesk::domain::period::Period::year(2026, 1).unwrap();
    let stats = o.db.as_user("lijun").stats(&year).unwrap();
    assert_eq!(stats.one_time.den, 0);
}

/// `login` takes `action` on `ledger` at 10:00 on `day`, desk time.
fn on_day(
    o: &mut Office,
    day: time::Date,
    login: &str,
    ledger: LedgerNo,
    action: Step,
    fields: Fields,
) -> xfdesk::service::Result<xfdesk::domain::Matter> {
    o.now = day
        .with_hms(10, 0, 0)
        .unwrap()
        .assume_offset(o.now.offset());
    o.db.set_now(o.now);
    o.db.as_user(login).act(ledger, &input(action, fields))
}

/// A matter registered on 2026-03-03 and accepted on 03-04 for unit jtj.
fn accepted(o: &mut Office) -> LedgerNo {
    let l = o.register("zhangli", "jy", TOWN);
    on_day(
        o,
        date!(2026 - 03 - 04),
        "zhangli",
        l,
        A::Accept,
        &[("unit", "jtj")],
    )
    .unwrap();
    l
}

/// Two matters registered on 03-03 and 03-04, accepted on 03-05 and
/// replied on 2026-03-10, a Tuesday.
fn two_replied_on_0310(o: &mut Office) -> (LedgerNo, LedgerNo) {
    let ls = [
        o.register("zhangli", "jy", TOWN),
        o.register("zhangli", "jy", TOWN),
    ];
    for l in ls {
        on_day(
            o,
            date!(2026 - 03 - 05),
            "zhangli",
            l,
            A::Accept,
            &[("unit", "jtj")],
        )
        .unwrap();
    }
    for l in ls {
        on_day(
            o,
            date!(2026 - 03 - 10),
            "wangwei",
            l,
            A::Reply,
            &[("note", "已答复"), ("opinion", "support")],
        )
        .unwrap();
    }
    (ls[0], ls[1])
}

fn due_of(o: &Office, l: LedgerNo) -> Option<time::Date> {
    let store = o.db.desk.store();
    xfdesk::domain::workflow::due_date(&o.matter(l), &store.calendar(), store.tz())
}

#[test]
fn hearing_days_extend_the_handling_due_date_exactly() {
    let mut o = Office::new(START);
    let l = accepted(&mut o);
    // 03-04 + 60 is Sunday 05-03: due Monday 05-04.
    assert_eq!(due_of(&o, l), Some(date!(2026 - 05 - 04)));
    let refused = on_day(
        &mut o,
        date!(2026 - 03 - 09),
        "wangwei",
        l,
        A::HearingEnd,
        &[],
    );
    assert!(
        matches!(
            refused,
            Err(ServiceError::Workflow {
                error: WorkflowError::NoHearing,
                ..
            })
        ),
        "{refused:?}"
    );
    on_day(
        &mut o,
        date!(2026 - 03 - 10),
        "wangwei",
        l,
        A::HearingStart,
        &[],
    )
    .unwrap();
    let during = on_day(
        &mut o,
        date!(2026 - 03 - 12),
        "wangwei",
        l,
        A::Reply,
        &[("note", "已答复"), ("opinion", "support")],
    );
    assert!(
        matches!(
            during,
            Err(ServiceError::Workflow {
                error: WorkflowError::HearingOpen,
                ..
            })
        ),
        "no reply while the hearing is open: {during:?}"
    );
    on_day(
        &mut o,
        date!(2026 - 03 - 15),
        "wangwei",
        l,
        A::HearingEnd,
        &[],
    )
    .unwrap();
    // Five hearing days: 05-08, a Friday; the overdue queue (the index) agrees.
    assert_eq!(due_of(&o, l), Some(date!(2026 - 05 - 08)));
    let overdue = |o: &Office, d| o.db.desk.queue_ledgers(Queue::Overdue, d).unwrap();
    assert_eq!(overdue(&o, date!(2026 - 05 - 08)), []);
    assert_eq!(overdue(&o, date!(2026 - 05 - 09)), [l]);
    let names: Vec<&str> = o.matter(l).events.iter().map(|e| e.action.zh()).collect();
    assert!(
        names.contains(&"听证开始") && names.contains(&"听证结束"),
        "{names:?}"
    );
    assert!(integrity(&o.db.desk).is_ok());
}

#[test]
fn a_review_request_on_the_last_day_of_the_window_is_accepted_and_the_day_after_refused() {
    let mut o = Office::new(START);
    // Replied 03-10: the window closes 30 days later, on 04-09 (Thursday).
    let (last_day, late) = two_replied_on_0310(&mut o);
    assert_eq!(due_of(&o, last_day), Some(date!(2026 - 04 - 09)));
    on_day(
        &mut o,
        date!(2026 - 04 - 09),
        "zhangli",
        last_day,
        A::ReviewRequest,
        &[],
    )
    .unwrap();
    assert_eq!(o.matter(last_day).state, S::UnderReview);
    let before = o.matter(late);
    let refused = on_day(
        &mut o,
        date!(2026 - 04 - 10),
        "zhangli",
        late,
        A::ReviewRequest,
        &[],
    )
    .unwrap_err();
    assert!(
        matches!(
            &refused,
            ServiceError::Workflow {
                error: WorkflowError::WindowClosed { closed, .. },
                ..
            } if *closed == date!(2026 - 04 - 09)
        ),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("2026-04-09"), "{refused}");
    let zh = xfdesk::i18n::Lang::Zh.error(&refused);
    assert!(zh.contains("2026-04-09") && zh.contains("申请复查"), "{zh}");
    assert_eq!(o.matter(late), before, "a refused request changes nothing");
    // Ready to close once the window has passed: the day after its last day.
    let ready = |o: &Office, d| o.db.desk.queue_ledgers(Queue::ReadyToClose, d).unwrap();
    assert_eq!(ready(&o, date!(2026 - 04 - 09)), []);
    assert_eq!(ready(&o, date!(2026 - 04 - 10)), [late]);
}

#[test]
fn delivery_later_than_the_reply_moves_the_review_window_and_ready_to_close() {
    let mut o = Office::new(START);
    let (delivered, late) = two_replied_on_0310(&mut o);
    for l in [delivered, late] {
        // Posted and received a week after the reply: 03-17.
        on_day(
            &mut o,
            date!(2026 - 03 - 17),
            "zhangli",
            l,
            A::Deliver,
            &[("method", "post"), ("notice", "reply")],
        )
        .unwrap();
    }
    let m = o.matter(delivered);
    assert_eq!(m.state, S::Replied);
    let d = m.events.last().unwrap().delivery.clone().unwrap();
    assert_eq!((d.method.code(), d.notice.as_str()), ("post", "reply"));
    // The window closes 30 days after the delivery: 04-16, not 04-09.
    assert_eq!(due_of(&o, delivered), Some(date!(2026 - 04 - 16)));
    let ready = |o: &Office, d| o.db.desk.queue_ledgers(Queue::ReadyToClose, d).unwrap();
    assert_eq!(ready(&o, date!(2026 - 04 - 10)), []);
    assert_eq!(ready(&o, date!(2026 - 04 - 17)), [delivered, late]);
    on_day(
        &mut o,
        date!(2026 - 04 - 16),
        "zhangli",
        delivered,
        A::ReviewRequest,
        &[],
    )
    .unwrap();
    let refused = on_day(
        &mut o,
        date!(2026 - 04 - 17),
        "zhangli",
        late,
        A::ReviewRequest,
        &[],
    )
    .unwrap_err();
    assert!(refused.to_string().contains("2026-04-16"), "{refused}");

    // The delivery travels in the interchange file and comes back the same.
    o.db.as_admin();
    let exported = o.db.export();
    let line = exported
        .lines()
        .find(|l| l.contains(r#""action":"deliver""#))
        .unwrap_or_else(|| panic!("{exported}"));
    assert!(
        line.contains(r#""method":"post","notice":"reply""#),
        "{line}"
    );
    let fresh = common::TestDb::new();
    fresh.import("export.jsonl", &exported).unwrap();
    assert_eq!(fresh.export(), exported);
}

#[test]
fn a_delivery_at_the_desk_needs_its_method_and_defaults_to_the_stages_notice() {
    let mut o = Office::new(START);
    let (l, _) = two_replied_on_0310(&mut o);
    let refused = on_day(&mut o, date!(2026 - 03 - 11), "zhangli", l, A::Deliver, &[]);
    assert!(refused.is_err(), "{refused:?}");
    let m = on_day(
        &mut o,
        date!(2026 - 03 - 12),
        "zhangli",
        l,
        A::Deliver,
        &[("method", "in_person")],
    )
    .unwrap();
    let d = m.events.last().unwrap().delivery.clone().unwrap();
    assert_eq!((d.method.code(), d.notice.as_str()), ("in_person", "reply"));
    assert_eq!(
        due_of(&o, l),
        Some(date!(2026 - 04 - 13)),
        "04-11 is a Saturday"
    );
}

#[test]
fn hearings_and_deliveries_import_and_a_late_imported_request_is_history_not_refused() {
    let db = common::TestDb::new();
    let more = r#"
{"type":"event","matter":"2026-000001","at":"2026-04-27T10:00:00+08:00","action":"deliver","by":"zhangli","method":"post","notice":"reply"}
"#;
    db.import("spec.jsonl", common::INTERCHANGE_EXAMPLE)
        .unwrap();
    db.import("more.jsonl", more).unwrap();
    let l = LedgerNo::parse("2026-000001").unwrap();
    let m = db.desk.store().matter(l).unwrap().unwrap();
    let d = m.events.last().unwrap().delivery.clone().unwrap();
    assert_eq!((d.method.code(), d.notice.as_str()), ("post", "reply"));
    // Delivered 04-27: the window closes 05-27, not 05-20 (30 days after the reply).
    let (cal, tz) = (db.desk.store().calendar(), db.desk.store().tz());
    assert_eq!(
        xfdesk::domain::workflow::due_date(&m, &cal, tz),
        Some(date!(2026 - 05 - 27))
    );
    // A request long after the window, from an older file, is history: imported.
    let late = r#"{"type":"event","matter":"2026-000001","at":"2026-07-01T10:00:00+08:00","action":"review_request","by":"zhangli"}
{"type":"event","matter":"2026-000001","at":"2026-07-02T10:00:00+08:00","action":"hearing_start","by":"wangwei"}
{"type":"event","matter":"2026-000001","at":"2026-07-06T10:00:00+08:00","action":"hearing_end","by":"wangwei"}
"#;
    db.import("late.jsonl", late).unwrap();
    let m = db.desk.store().matter(l).unwrap().unwrap();
    assert_eq!(m.state, S::UnderReview);
    // 07-01 + 30 + 4 hearing days is 08-04, a Tuesday.
    assert_eq!(
        xfdesk::domain::workflow::due_date(&m, &cal, tz),
        Some(date!(2026 - 08 - 04))
    );
    // An unknown method is refused with its file, line and field.
    let bad = "\n{\"type\":\"event\",\"matter\":\"2026-000001\",\"at\":\"2026-07-07T10:00:00+08:00\",\"action\":\"deliver\",\"by\":\"zhangli\",\"method\":\"fax\"}\n";
    let err = db.import("bad.jsonl", bad).unwrap_err().to_string();
    assert!(
        err.contains("bad.jsonl:2: method") && err.contains("fax"),
        "{err}"
    );
}

#[test]
fn a_reply_needs_its_text_and_opinion_type_and_records_the_opinion() {
    let mut o = Office::new(START);
    let l = o.register("zhangli", "jy", TOWN);
    o.walk(l, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    let entries = audit_trail(&o.db).len();
    let missing = |o: &mut Office, fields: Fields| match o
        .db
        .as_user("wangwei")
        .act(l, &input(A::Reply, fields))
    {
        Err(ServiceError::Workflow {
            error:
                WorkflowError::Missing {
                    action: A::Reply,
                    field,
                },
            ..
        }) => field,
        other => panic!("{other:?}"),
    };
    // An empty reply, or one of spaces, answers nothing; a reply without
    // its opinion type does not say what it decided.
    assert_eq!(missing(&mut o, &[("opinion", "support")]), "text");
    assert_eq!(
        missing(&mut o, &[("note", " \n "), ("opinion", "support")]),
        "text"
    );
    assert_eq!(
        missing(&mut o, &[("note", "经核查属实，已责成整改")]),
        "opinion"
    );
    // The check the desk makes before it asks to confirm is the same.
    let checked =
        o.db.as_user("wangwei")
            .check_act(l, &input(A::Reply, &[("note", "已答复")]));
    assert!(checked.is_err(), "{checked:?}");
    assert_eq!(o.matter(l).state, S::InProgress);
    assert_eq!(audit_trail(&o.db).len(), entries, "refusals leave no entry");

    let full = [
        ("note", "经核查属实，已责成整改"),
        ("opinion", "not_supported"),
    ];
    o.db.as_user("wangwei")
        .check_act(l, &input(A::Reply, &full))
        .unwrap();
    assert_eq!(o.matter(l).events.len(), 1, "a check writes nothing");
    assert_eq!(audit_trail(&o.db).len(), entries, "nor audits");
    let m = o.act("wangwei", l, &input(A::Reply, &full)).unwrap();
    let e = m.events.last().unwrap();
    assert_eq!(
        (m.state, e.note.as_deref(), e.opinion),
        (
            S::Replied,
            Some("经核查属实，已责成整改"),
            Some(xfdesk::domain::Opinion::NotSupported)
        )
    );
    assert_eq!(
        audit_trail(&o.db).last().unwrap().what,
        "reply → replied, not_supported"
    );

    // The opinion travels in the interchange file and comes back the same.
    o.db.as_admin();
    let exported = o.db.export();
    let line = exported
        .lines()
        .find(|l| l.contains(r#""action":"reply""#))
        .unwrap_or_else(|| panic!("{exported}"));
    assert!(line.ends_with(r#""opinion":"not_supported"}"#), "{line}");
    let fresh = common::TestDb::new();
    fresh.import("export.jsonl", &exported).unwrap();
    assert_eq!(fresh.export(), exported);
}

/// `FILE:LINE: field: message` of each problem of a refused import.
fn problems(r: xfdesk::service::Result<xfdesk::service::import::ImportSummary>) -> Vec<String> {
    match r {
        Err(ServiceError::Import(ps)) => ps.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected import problems, got {other:?}"),
    }
}

#[test]
fn an_imported_reply_needs_its_text_and_may_name_its_opinion_type() {
    let db = common::TestDb::new();
    db.import("spec.jsonl", common::INTERCHANGE_EXAMPLE)
        .unwrap();
    let matter = r#"{"type":"matter","ref":"m2","petitioners":["11010519491231002X"],"category":"jy","town":"370211001","summary":"校车","first_receiver":"zhangli","registered_at":"2026-05-01T09:00:00+08:00"}"#;
    let event = |action: &str, day: u8, extra: &str| {
        format!(
            r#"{{"type":"event","matter":"m2","at":"2026-05-0{day}T09:00:00+08:00","action":"{action}","by":"wangwei"{extra}}}"#
        )
    };
    let accept = event("accept", 2, r#","unit":"jtj""#);
    let file = |lines: &[String]| format!("{matter}\n{}\n", lines.join("\n"));
    // No text: the workflow refuses it, on import as at the desk.
    let empty = problems(db.import("bad.jsonl", &file(&[accept.clone(), event("reply", 3, "")])));
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert!(
        empty[0].starts_with("bad.jsonl:3: action: reply"),
        "{empty:?}"
    );
    assert!(empty[0].contains("needs text"), "{empty:?}");
    // An opinion type is one of three, and only a reply's.
    let wrong = problems(db.import(
        "bad.jsonl",
        &file(&[
            event("accept", 2, r#","unit":"jtj","opinion":"support""#),
            event("reply", 3, r#","note":"已答复","opinion":"maybe""#),
        ]),
    ));
    assert_eq!(wrong.len(), 2, "{wrong:?}");
    assert!(
        wrong[0].starts_with("bad.jsonl:2: opinion: only a reply"),
        "{wrong:?}"
    );
    assert!(
        wrong[1].starts_with("bad.jsonl:3: opinion: unknown value"),
        "{wrong:?}"
    );
    // A file written before the opinion type existed still imports.
    db.import(
        "old.jsonl",
        &file(&[accept, event("reply", 3, r#","note":"已答复""#)]),
    )
    .unwrap();
    let m = db
        .desk
        .matter(LedgerNo::parse("2026-000002").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.state, m.events.last().unwrap().opinion),
        (S::Replied, None)
    );
}
