//! Who may do what (docs/rules.md#permissions, README "Roles"): every use-case of the service
//! tried by every role, on a database of its own per role, and held to one
//! table. A refusal is `Forbidden` naming the person and role, and writes
//! nothing (not even an audit entry).

mod common;

use common::{audit_trail, input, walk_in, TestDb, TOWN};
use std::collections::BTreeSet;
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};
use xfdesk::domain::period::Period;
use xfdesk::domain::rules::Rules;
use xfdesk::domain::{LedgerNo, Role, Step};
use xfdesk::service::audit::AuditFilter;
use xfdesk::service::queues::Queue;
use xfdesk::service::{current_unix_user, Desk, Result, ServiceError};

const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +8);

/// What a case prepared, as the admin, before the role tries it.
struct Prepared {
    /// A matter, when the case needs one.
    ledger: Option<LedgerNo>,
    /// A petitioner on file (于营, with an ID number and a phone).
    person: u64,
}

/// The tried call: `Ok(true)` done, `Ok(false)` nothing done (a call that
/// only does what this person may, like closing the ready matters).
type Attempt = fn(&mut Desk, &Prepared) -> Result<bool>;

/// Matter preparations.
#[derive(Clone, Copy)]
enum Setup {
    Nothing,
    /// Registered, not yet given to a unit.
    Registered,
    /// Accepted for this unit.
    Accepted(&'static str),
    /// Replied for unit jtj 31 days ago: ready to close.
    ReadyToClose,
}

struct Case {
    what: &'static str,
    setup: Setup,
    /// Receptionist, handler (of unit jtj), supervisor, leader, admin.
    may: [bool; 5],
    attempt: Attempt,
}

const ALL: [bool; 5] = [true; 5];
const NOT_LEADER: [bool; 5] = [true, true, true, false, true];
const SUPERVISOR_ADMIN: [bool; 5] = [false, false, true, false, true];
const REPORTING: [bool; 5] = [false, false, true, true, true];
const ADMIN: [bool; 5] = [false, false, false, false, true];

fn done<T>(r: Result<T>) -> Result<bool> {
    r.map(|_| true)
}

fn act(desk: &mut Desk, p: &Prepared, action: Step, fields: common::Fields) -> Result<bool> {
    done(desk.act(p.ledger.unwrap(), &input(action, fields)))
}

fn period() -> Period {
    Period::custom(date!(2026 - 03 - 01), date!(2026 - 03 - 31)).unwrap()
}

const CASES: &[Case] = &[
    Case {
        what: "register a contact",
        setup: Setup::Nothing,
        may: NOT_LEADER,
        attempt: |d, _| done(d.register(&walk_in("周全", "", "jy", "学区"))),
    },
    // A look, not a registration: it writes nothing and shows nothing a
    // lookup does not (a leader's desk may show the form; saving is refused).
    Case {
        what: "preview a registration",
        setup: Setup::Nothing,
        may: ALL,
        attempt: |d, _| done(d.preview_registration(&walk_in("周全", "", "jy", "学区"))),
    },
    // A draft is the person's own scratch pad, no record of the office.
    Case {
        what: "keep, read and discard one's own draft",
        setup: Setup::Nothing,
        may: ALL,
        attempt: |d, _| {
            d.save_draft(vec![("person".into(), "周".into())])?;
            assert!(d.draft()?.is_some());
            done(d.discard_draft())
        },
    },
    Case {
        what: "accept a matter not yet given to a unit",
        setup: Setup::Registered,
        may: NOT_LEADER,
        attempt: |d, p| act(d, p, Step::Accept, &[("unit", "jtj")]),
    },
    Case {
        what: "reply on a matter of the handler's unit",
        setup: Setup::Accepted("jtj"),
        may: [false, true, true, false, true],
        attempt: |d, p| {
            act(
                d,
                p,
                Step::Reply,
                &[("note", "已答复"), ("opinion", "support")],
            )
        },
    },
    Case {
        what: "reply on a matter of another unit",
        setup: Setup::Accepted("zrj"),
        may: SUPERVISOR_ADMIN,
        attempt: |d, p| {
            act(
                d,
                p,
                Step::Reply,
                &[("note", "已答复"), ("opinion", "support")],
            )
        },
    },
    Case {
        what: "assign a matter of another unit",
        setup: Setup::Accepted("zrj"),
        may: [true, false, true, false, true],
        attempt: |d, p| act(d, p, Step::Assign, &[("unit", "jtj")]),
    },
    Case {
        what: "extend a deadline",
        setup: Setup::Accepted("jtj"),
        may: SUPERVISOR_ADMIN,
        attempt: |d, p| act(d, p, Step::Extend, &[("days", "30"), ("reason", "需调查")]),
    },
    Case {
        what: "change the first receiver",
        setup: Setup::Registered,
        may: SUPERVISOR_ADMIN,
        attempt: |d, p| {
            let fields = [("to", "chenjing"), ("reason", "调岗")];
            act(d, p, Step::ReassignFirstReceiver, &fields)
        },
    },
    // Closes what this person may close: nothing, for a leader.
    Case {
        what: "close the matters ready to close (of unit jtj)",
        setup: Setup::ReadyToClose,
        may: NOT_LEADER,
        attempt: |d, p| {
            let closed = d.close_ready(d.today())?;
            Ok(closed.contains(&p.ledger.unwrap()))
        },
    },
    Case {
        what: "look a petitioner up",
        setup: Setup::Nothing,
        may: ALL,
        attempt: |d, _| done(d.lookup("于营", 5)),
    },
    Case {
        what: "open a petitioner's card (audited)",
        setup: Setup::Nothing,
        may: ALL,
        attempt: |d, p| Ok(d.petitioner_card(p.person)?.is_some()),
    },
    Case {
        what: "see the work lists and the overdue queue",
        setup: Setup::Registered,
        may: ALL,
        attempt: |d, p| {
            let today = d.today();
            d.home_counts(today)?;
            d.queue(Queue::DueSoon, today)?;
            d.overdue(today)?;
            Ok(d.matter(p.ledger.unwrap())?.is_some())
        },
    },
    // The office's names for its codes, and who a matter is about: what the
    // card and the matter show in place of codes and logins.
    Case {
        what: "read category, unit and staff names and a matter's petitioners",
        setup: Setup::Registered,
        may: ALL,
        attempt: |d, p| {
            let names = d.names()?;
            assert_eq!(names.unit("jtj"), "区教体局");
            assert_eq!(names.staff("zhangli"), "张丽");
            Ok(!d.matter_petitioners(p.ledger.unwrap())?.is_empty())
        },
    },
    Case {
        what: "reveal phones to call back, whole ID numbers for supervisors and admins (audited)",
        setup: Setup::Nothing,
        may: NOT_LEADER,
        attempt: |d, p| done(d.reveal(p.person)),
    },
    Case {
        what: "import records",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| {
            let line = r#"{"type":"category","code":"ny","name":"农业农村"}"#;
            let source: Box<dyn std::io::BufRead> = Box::new(line.as_bytes());
            done(d.import_sources(vec![("ny.jsonl".into(), source)]))
        },
    },
    Case {
        what: "export records (unmasked, audited)",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.export(&mut Vec::new(), "test")),
    },
    Case {
        what: "back up the database (unmasked, audited)",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.backup(&mut Vec::new(), "test")),
    },
    Case {
        what: "set the holidays",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.set_holidays(BTreeSet::from([date!(2026 - 10 - 01)]).into())),
    },
    Case {
        what: "set the statistical month",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.set_stat_start_day(21)),
    },
    Case {
        what: "town scorecards",
        setup: Setup::Nothing,
        may: REPORTING,
        attempt: |d, _| done(d.scorecard(&Rules::three_no(), &period())),
    },
    Case {
        what: "a scorecard's drill-down",
        setup: Setup::Nothing,
        may: REPORTING,
        attempt: |d, _| {
            let rules = Rules::three_no();
            done(d.scorecard_contacts(&rules, &period(), TOWN, "no_abnormal"))
        },
    },
    Case {
        what: "statistics",
        setup: Setup::Nothing,
        may: REPORTING,
        attempt: |d, _| done(d.stats(&period())),
    },
    Case {
        what: "zero-visit villages",
        setup: Setup::Nothing,
        may: REPORTING,
        attempt: |d, _| done(d.zero_visit_villages(&period())),
    },
    Case {
        what: "query the audit trail",
        setup: Setup::Nothing,
        may: SUPERVISOR_ADMIN,
        attempt: |d, _| done(d.audit_query(&AuditFilter::default())),
    },
    Case {
        what: "list the staff",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.staff_list()),
    },
    Case {
        what: "add a staff member",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.staff_add("liuyang", "刘洋", Role::Handler, Some("jtj"))),
    },
    Case {
        what: "change a staff member's role",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.staff_role("sunli", Role::Supervisor)),
    },
    Case {
        what: "disable and re-enable a login",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| {
            d.staff_disable("chenjing")?;
            done(d.staff_enable("chenjing"))
        },
    },
    Case {
        what: "check the database",
        setup: Setup::Nothing,
        may: ADMIN,
        attempt: |d, _| done(d.check()),
    },
];

/// The five people of `common::OFFICE` and the admin, in the table's order.
fn logins() -> [(String, Role); 5] {
    [
        ("zhangli".into(), Role::Receptionist),
        ("wangwei".into(), Role::Handler),
        ("lijun".into(), Role::Supervisor),
        ("zhaomin".into(), Role::Leader),
        (current_unix_user(), Role::Admin),
    ]
}

const PERSON: &str = r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","phones":["13800138000"],"town":"370211001"}
"#;

/// Prepares `setup` as the admin at `now`.
fn prepare(db: &mut TestDb, setup: Setup, now: OffsetDateTime) -> Prepared {
    db.set_now(now);
    let desk = db.as_admin();
    let person = desk.lookup("于营", 1).unwrap()[0].id;
    let register = || {
        desk.register(&walk_in("来访人", "", "jy", "事项"))
            .unwrap()
            .ledger
    };
    let ledger = match setup {
        Setup::Nothing => None,
        Setup::Registered => Some(register()),
        Setup::Accepted(unit) => {
            let l = register();
            desk.act(l, &input(Step::Accept, &[("unit", unit)]))
                .unwrap();
            Some(l)
        }
        Setup::ReadyToClose => {
            let l = register();
            desk.act(l, &input(Step::Accept, &[("unit", "jtj")]))
                .unwrap();
            desk.act(
                l,
                &input(Step::Reply, &[("note", "已答复"), ("opinion", "support")]),
            )
            .unwrap();
            // Past the window of 30 days, moved off a weekend.
            db.set_now(now + Duration::days(35));
            Some(l)
        }
    };
    Prepared { ledger, person }
}

#[test]
fn every_role_may_do_exactly_what_the_roles_table_says() {
    let mut wrong = Vec::new();
    for (i, (login, role)) in logins().into_iter().enumerate() {
        let mut db = TestDb::office(PERSON, NOW, "zhangli");
        for (n, case) in CASES.iter().enumerate() {
            // Each case on its own days, so no two share a clock.
            let now = NOW + Duration::days(40 * n as i64);
            let prepared = prepare(&mut db, case.setup, now);
            db.as_user(&login);
            let before = audit_trail(&db);
            let got = (case.attempt)(&mut db.desk, &prepared);
            let unchanged = audit_trail(&db) == before;
            let refused_me = |who: &str, r: Role| who == login && r == role && unchanged;
            let right = match (&got, case.may[i]) {
                (Ok(true), true) => true,
                (Ok(false), false) => unchanged,
                (
                    Err(ServiceError::Forbidden {
                        login: who,
                        role: r,
                        ..
                    }),
                    false,
                ) => refused_me(who, *r),
                _ => false,
            };
            if !right {
                let want = if case.may[i] {
                    "done"
                } else {
                    "refused, nothing written"
                };
                wrong.push(format!(
                    "{role} {login}: {}: want {want}, got {got:?}",
                    case.what
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
