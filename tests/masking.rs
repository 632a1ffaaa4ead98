//! Masking (docs/rules.md#masking-and-search): every list and card shows ID numbers, other
//! documents and phones masked, whatever the role; only an audited reveal,
//! for supervisors and admins, shows them whole (phones alone for
//! receptionists and handlers). Searching cannot undo the mask, and every
//! search is audited with its query masked.

mod common;

use common::{audit_trail, TestDb};
use time::macros::datetime;
use time::OffsetDateTime;
use xfdesk::domain::Role;
use xfdesk::service::audit::AuditFilter;
use xfdesk::service::{current_unix_user, deed, ServiceError};

const NOW: OffsetDateTime = datetime!(2026-03-10 09:00 +8);

/// 于营 with an ID number and two phones, 王五 with a passport instead.
const PEOPLE: &str = r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","phones":["13800138000","0532-8688 1234"],"town":"370211001"}
{"type":"petitioner","ref":"p2","name":"王五","other_doc":"passport:E12345678","phones":["13912345678"],"town":"370211001"}
{"type":"matter","ref":"m1","petitioners":["p1","p2"],"category":"jy","town":"370211001","summary":"撤并学校","first_receiver":"zhangli","registered_at":"2026-03-02T09:15:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1","p2"],"at":"2026-03-02T09:15:00+08:00","channel":"visit","level":"county","headcount":2,"receiver":"zhangli","summary":"来访"}
"#;

/// Every whole number on file: none may appear anywhere outside a reveal.
const WHOLE: &[&str] = &[
    "11010519491231002X",
    "13800138000",
    "053286881234",
    "E12345678",
    "13912345678",
];

fn office() -> TestDb {
    TestDb::office(PEOPLE, NOW, "zhangli")
}

fn logins() -> [String; 5] {
    [
        "zhangli",
        "wangwei",
        "lijun",
        "zhaomin",
        &current_unix_user(),
    ]
    .map(str::to_string)
}

fn assert_masked(shown: &str, what: &str) {
    for number in WHOLE {
        assert!(!shown.contains(number), "{what} shows {number}: {shown}");
    }
}

/// What every role may search by (docs/rules.md#masking-and-search): names, pinyin, a whole ID number
/// or phone, a phone's last 4 digits, a name with an ID number's last 4–6.
const ANY_ROLE: &[&str] = &[
    "于营",
    "ww",
    "于营002X",
    "yuying 31002x",
    "11010519491231002X",
    "13800138000",
    "1234",
    "5678",
];

/// Prefixes and middles of numbers, and an ID number's end without a name:
/// only for roles that see whole numbers.
const PARTS: &[&str] = &["110105", "1101051949123100", "002X", "138001", "13800"];

#[test]
fn no_role_sees_a_whole_number_in_a_lookup_or_a_card() {
    let mut db = office();
    for login in logins() {
        let desk = db.as_user(&login);
        let sees_whole = matches!(desk.user().role, Role::Supervisor | Role::Admin);
        let queries = ANY_ROLE.iter().chain(PARTS.iter().filter(|_| sees_whole));
        for query in queries {
            let found = desk.lookup(query, 20).unwrap();
            assert!(!found.is_empty(), "{login} {query}");
            let json = serde_json::to_string(&found).unwrap();
            assert_masked(
                &format!("{found:?} {json}"),
                &format!("{login}'s lookup {query}"),
            );
            for f in &found {
                let card = desk.petitioner_card(f.id).unwrap().unwrap();
                assert_masked(&format!("{card:?}"), &format!("{login}'s card"));
            }
        }
    }
    let yu = &db.desk.lookup("于营", 1).unwrap()[0];
    assert_eq!(yu.id_number.as_deref(), Some("1101**********002X"));
    assert_eq!(yu.phones, ["138****8000", "********1234"]);
    let wang = db.desk.lookup("王五", 1).unwrap()[0].id;
    let card = db.desk.petitioner_card(wang).unwrap().unwrap();
    assert_eq!(
        card.petitioner.other_doc.as_deref(),
        Some("passport:E123*5678")
    );
}

#[test]
fn a_masked_number_cannot_be_rebuilt_digit_by_digit_by_searching() {
    let mut db = office();
    // Searching this fast is slowed (tests/lookup_pace.rs); here only the
    // answers are looked at.
    db.desk.store().lookup_pace().set_on(false);
    for login in ["zhangli", "wangwei", "zhaomin"] {
        let desk = db.as_user(login);
        // Every beginning of 于营's ID number, right or wrong in its last
        // digit, gets the same refusal: nothing tells the next digit.
        let whole = "11010519491231002X";
        for len in 1..whole.len() {
            for probe in [&whole[..len], &format!("{}9", &whole[..len - 1])] {
                if matches!(probe.len(), 4 | 7..=12 | 15) {
                    // A phone's tail, a whole phone or an old 15-digit ID
                    // number: matched exactly, so an ID number's beginning
                    // finds no one.
                    assert!(
                        desk.lookup(probe, 20).unwrap().is_empty(),
                        "{login} {probe}"
                    );
                    continue;
                }
                let refused = desk.lookup(probe, 20);
                assert!(
                    matches!(&refused, Err(ServiceError::Forbidden { what, .. }) if *what == deed::PARTIAL_NUMBER_SEARCH),
                    "{login} {probe}: {refused:?}"
                );
            }
        }
        for query in PARTS {
            assert!(desk.lookup(query, 20).is_err(), "{login} {query}");
        }
        // An ID number's end finds the person only with their name.
        assert!(desk.lookup("王五002X", 20).unwrap().is_empty());
        assert_eq!(desk.lookup("于营 1002X", 20).unwrap().len(), 1);
    }
}

#[test]
fn every_search_is_audited_once_with_its_query_masked() {
    let mut db = office();
    let desk = db.as_user("zhangli");
    // Typing at a desk: one search, however many keystrokes.
    for typed in [
        "于",
        "于营",
        "于营1",
        "于营10",
        "于营100",
        "于营1002",
        "于营1002X",
    ] {
        desk.lookup(typed, 20).ok();
    }
    let before = audit_trail(&db).len();
    let desk = db.as_user("zhangli");
    desk.lookup_done().unwrap();
    // A new search ends the one before it; a card ends the one that found it.
    let desk = db.as_user("zhangli");
    desk.lookup("11010519491231002X", 20).unwrap();
    desk.lookup("13800138000", 20).unwrap();
    let yu = desk.lookup("138-0013-8000", 20).unwrap()[0].id;
    desk.petitioner_card(yu).unwrap();
    let trail = audit_trail(&db);
    let lookups: Vec<_> = trail[before..]
        .iter()
        .filter(|e| e.record == "lookup")
        .map(|e| (e.by.as_str(), e.what.as_str()))
        .collect();
    assert_eq!(
        lookups,
        [
            ("zhangli", "looked up 于营*****"),
            ("zhangli", "looked up **************002X"),
            ("zhangli", "looked up *******8000"),
            ("zhangli", "looked up ***-****-****"),
        ]
    );
    assert_masked(&format!("{trail:?}"), "the audit trail");
}

#[test]
fn a_search_still_being_typed_is_audited_when_the_desk_closes() {
    let mut db = office();
    db.as_user("zhangli").lookup("于营", 5).unwrap();
    // Closing the database drops the desk.
    let db = db.reopen(&current_unix_user(), NOW);
    let trail = db
        .desk
        .audit_query(&AuditFilter {
            login: Some("zhangli".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        trail.last().map(|e| e.what.as_str()),
        Some("looked up 于营")
    );
}

#[test]
fn receptionists_and_handlers_reveal_phones_only_and_it_is_audited() {
    let mut db = office();
    let yu = db.desk.lookup("于营", 1).unwrap()[0].id;
    db.desk.lookup_done().unwrap();
    for login in ["zhangli", "wangwei"] {
        let before = audit_trail(&db).len();
        let shown = db.as_user(login).reveal(yu).unwrap();
        assert_eq!(shown.phones, ["13800138000", "053286881234"]);
        assert_eq!(shown.id_number.as_deref(), Some("1101**********002X"));
        let trail = audit_trail(&db);
        assert_eq!(trail.len(), before + 1, "{login}");
        let entry = trail.last().unwrap();
        assert_eq!(
            (entry.by.as_str(), entry.what.as_str()),
            (login, "revealed phones (to call back)")
        );
    }
}

#[test]
fn supervisors_and_admins_reveal_whole_numbers_and_each_reveal_is_audited() {
    let mut db = office();
    let yu = db.desk.lookup("于营", 1).unwrap()[0].id;
    db.desk.lookup_done().unwrap();
    for login in ["lijun".to_string(), current_unix_user()] {
        let before = audit_trail(&db).len();
        let shown = db.as_user(&login).reveal(yu).unwrap();
        assert_eq!(shown.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(shown.phones, ["13800138000", "053286881234"]);
        let trail = audit_trail(&db);
        assert_eq!(trail.len(), before + 1, "{login}");
        let entry = trail.last().unwrap();
        assert_eq!(
            (
                entry.by.as_str(),
                entry.record.as_str(),
                entry.what.as_str()
            ),
            (
                login.as_str(),
                format!("petitioner {yu}").as_str(),
                "revealed ID number and phones"
            )
        );
    }
    let wang = db.desk.lookup("王五", 1).unwrap()[0].id;
    let shown = db.as_user("lijun").reveal(wang).unwrap();
    assert_eq!(shown.other_doc.as_deref(), Some("passport:E12345678"));
    assert!(matches!(
        db.desk.reveal(999),
        Err(ServiceError::NotFound(_))
    ));
}

#[test]
fn leaders_are_refused_a_reveal_and_leave_no_trace() {
    let mut db = office();
    let yu = db.desk.lookup("于营", 1).unwrap()[0].id;
    db.desk.lookup_done().unwrap();
    let before = audit_trail(&db);
    let refused = db.as_user("zhaomin").reveal(yu);
    assert!(
        matches!(&refused, Err(ServiceError::Forbidden { what, .. }) if what.contains("reveal")),
        "a leader: {refused:?}"
    );
    assert_eq!(audit_trail(&db), before);
}
