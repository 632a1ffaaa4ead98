//! Masking (SPEC §2, §9): every list and card shows ID numbers, other
//! documents and phones masked, whatever the role; only an audited reveal,
//! for supervisors and admins, shows them whole.

mod common;

use common::{audit_trail, TestDb};
use time::macros::datetime;
use time::OffsetDateTime;
use xfdesk::service::current_unix_user;
use xfdesk::service::ServiceError;

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

#[test]
fn no_role_sees_a_whole_number_in_a_lookup_or_a_card() {
    let mut db = office();
    for login in logins() {
        let desk = db.as_user(&login);
        // By name, pinyin, ID prefix and tail, phone prefix and tail.
        for query in ["于营", "ww", "110105", "002X", "138001", "1234", "5678"] {
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
fn supervisors_and_admins_reveal_whole_numbers_and_each_reveal_is_audited() {
    let mut db = office();
    let yu = db.desk.lookup("于营", 1).unwrap()[0].id;
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
fn other_roles_are_refused_a_reveal_and_leave_no_trace() {
    let mut db = office();
    let yu = db.desk.lookup("于营", 1).unwrap()[0].id;
    let before = audit_trail(&db);
    for login in ["zhangli", "wangwei", "zhaomin"] {
        let refused = db.as_user(login).reveal(yu);
        assert!(
            matches!(&refused, Err(ServiceError::Forbidden { what, .. }) if what.contains("reveal")),
            "{login}: {refused:?}"
        );
    }
    assert_eq!(audit_trail(&db), before);
}
