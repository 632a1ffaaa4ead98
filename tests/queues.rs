//! The desk's lists (docs/rules.md#deadlines): a handler's unit queue, and open matters
//! filtered by town, category and state, soonest due first.

mod common;

use common::{input, Fields, Office, Take, TOWN, TOWN2};
use time::macros::datetime;
use xfdesk::domain::workflow::due_date;
use xfdesk::domain::{LedgerNo, MatterState, Step};
use xfdesk::service::queues::{Filter, Queue};

const START: time::OffsetDateTime = datetime!(2026-03-02 09:00 +8);

/// zhangli accepts the matter for `unit` (jtj or zrj).
fn accept(unit: &str) -> Take<'static> {
    let fields: Fields<'static> = match unit {
        "jtj" => &[("unit", "jtj")],
        _ => &[("unit", "zrj")],
    };
    ("zhangli", Step::Accept, fields)
}

#[test]
fn a_handler_sees_the_open_matters_of_their_unit_only() {
    let mut o = Office::new(START);
    let m1 = o.register("zhangli", "jy", TOWN);
    let m2 = o.register("zhangli", "cxjs", TOWN2);
    let m3 = o.register("zhangli", "jy", TOWN);
    let closed = o.register("zhangli", "jy", TOWN);
    let unrouted = o.register("zhangli", "jy", TOWN);
    // Accepted in this order, so due in this order too: m2 before m1.
    o.walk(m3, &[accept("zrj")]);
    o.walk(m2, &[accept("jtj")]);
    o.walk(m1, &[accept("jtj")]);
    o.walk(
        closed,
        &[
            accept("jtj"),
            (
                "wangwei",
                Step::Reply,
                &[("note", "已答复"), ("opinion", "support")],
            ),
            ("zhangli", Step::Close, &[]),
        ],
    );
    let today = o.now.date();
    let unit = |o: &mut Office, login: &str| -> Vec<LedgerNo> {
        let q = o.db.as_user(login).queue(Queue::MyUnit, today).unwrap();
        let ledgers = o.db.desk.queue_ledgers(Queue::MyUnit, today).unwrap();
        assert_eq!(ledgers.len(), q.len(), "the count and the list agree");
        q.into_iter().map(|(m, _)| m.ledger).collect()
    };
    assert_eq!(unit(&mut o, "wangwei"), [m2, m1]);
    assert_eq!(unit(&mut o, "sunli"), [m3]);
    assert_eq!(unit(&mut o, "zhangli"), [], "no matter is with xfj");
    assert_eq!(unit(&mut o, "zhaomin"), [], "a leader has no unit");
    assert!(!unit(&mut o, "wangwei").contains(&unrouted));

    // A transfer moves the matter to the other unit's queue.
    o.walk(
        m2,
        &[(
            "wangwei",
            Step::Transfer,
            &[("unit", "zrj"), ("reason", "属自然资源")],
        )],
    );
    assert_eq!(unit(&mut o, "wangwei"), [m1]);
    assert_eq!(unit(&mut o, "sunli"), [m3, m2]);
}

#[test]
fn open_matters_filter_by_town_category_and_state_soonest_due_first() {
    let mut o = Office::new(START);
    // Registered on days 1 to 5; b and d stay registered (due 15 days on),
    // c and a are accepted on days 6 and 7 (due 60 days on), e is rejected.
    let a = o.register("zhangli", "jy", TOWN);
    let b = o.register("zhangli", "cxjs", TOWN2);
    let c = o.register("zhangli", "jy", TOWN2);
    let d = o.register("zhangli", "cxjs", TOWN);
    let e = o.register("zhangli", "jy", TOWN);
    o.walk(c, &[accept("jtj")]);
    o.walk(a, &[accept("jtj")]);
    o.act("zhangli", e, &input(Step::Reject, &[("reason", "重复")]))
        .unwrap();
    let s = |v: &str| Some(v.to_string());
    let cases: Vec<(Filter, Vec<LedgerNo>)> = vec![
        (Filter::default(), vec![b, d, c, a]),
        (
            Filter {
                town: s(TOWN),
                ..Filter::default()
            },
            vec![d, a],
        ),
        (
            Filter {
                category: s("jy"),
                ..Filter::default()
            },
            vec![c, a],
        ),
        (
            Filter {
                state: Some(MatterState::Registered),
                ..Filter::default()
            },
            vec![b, d],
        ),
        (
            Filter {
                state: Some(MatterState::InProgress),
                ..Filter::default()
            },
            vec![c, a],
        ),
        (
            Filter {
                town: s(TOWN2),
                category: s("jy"),
                state: None,
            },
            vec![c],
        ),
        (
            Filter {
                town: s(TOWN2),
                category: s("cxjs"),
                state: Some(MatterState::InProgress),
            },
            vec![],
        ),
        (
            Filter {
                state: Some(MatterState::Closed),
                ..Filter::default()
            },
            vec![],
        ),
        (
            Filter {
                town: s("999"),
                ..Filter::default()
            },
            vec![],
        ),
    ];
    o.db.as_user("zhaomin");
    let store = o.db.desk.store();
    for (filter, want) in cases {
        let got = o.db.desk.open_matters(&filter, 100).unwrap();
        let ledgers: Vec<LedgerNo> = got.iter().map(|(m, _)| m.ledger).collect();
        assert_eq!(ledgers, want, "{filter:?}");
        for (m, due) in &got {
            assert_eq!(
                *due,
                due_date(m, &store.calendar(), store.tz()),
                "{}",
                m.ledger
            );
        }
        assert!(
            got.windows(2).all(|w| w[0].1 <= w[1].1),
            "{filter:?}: by due date"
        );
    }
    let two = o.db.desk.open_matters(&Filter::default(), 2).unwrap();
    assert_eq!(
        two.iter().map(|(m, _)| m.ledger).collect::<Vec<_>>(),
        [b, d]
    );
}
