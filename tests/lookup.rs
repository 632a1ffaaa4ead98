//! Lookup by Chinese substring, pinyin, ID number and phone; the overdue queue.

mod common;

use common::{TestDb, INTERCHANGE_EXAMPLE};
use time::macros::date;

const MORE: &str = r#"{"type":"petitioner","ref":"p2","name":"张三","id_number":"370211198805061231","phones":["139-0532-7777"],"town":"370211001"}
{"type":"petitioner","ref":"p3","name":"曾小红","phones":["+86 135 0000 4321"],"key_person":"多次进京"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"学校收费","first_receiver":"zhangli","registered_at":"2026-06-01T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-01T09:00:00+08:00","channel":"call","level":"county","headcount":1,"receiver":"zhangli","summary":"来电"}
{"type":"matter","ref":"m3","petitioners":["p3"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"wangwei","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m3","petitioners":["p3"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"zhangli","summary":"来访"}
{"type":"event","matter":"m3","at":"2026-06-06T09:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}
"#;

fn names(db: &TestDb, q: &str) -> Vec<String> {
    db.desk
        .lookup(q, 20)
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect()
}

fn fixture() -> TestDb {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.import("more.jsonl", MORE).unwrap();
    db
}

#[test]
fn finds_people_every_way_staff_type_them() {
    let db = fixture();
    let cases: &[(&str, &[&str])] = &[
        ("张三", &["张三"]),
        ("三", &["张三"]),
        ("小红", &["曾小红"]),
        ("zs", &["张三"]),
        ("zhangsan", &["张三"]),
        ("zhang", &["张三"]),
        ("ZS", &["张三"]),
        // Both readings of the polyphonic surname 曾.
        ("zengxiaohong", &["曾小红"]),
        ("cengxiaohong", &["曾小红"]),
        ("zxh", &["曾小红"]),
        ("cxh", &["曾小红"]),
        ("yy", &["于营"]),
        // ID number by prefix and by last digits, lower-case x and full width.
        ("1101", &["于营"]),
        ("002x", &["于营"]),
        ("３７０２１１", &["张三"]),
        // Phones by prefix and by last four digits, whatever was typed at entry.
        ("13905", &["张三"]),
        ("7777", &["张三"]),
        ("4321", &["曾小红"]),
        ("8000", &["于营"]),
        // Never split into words: "张 三" is 张三, not 张 or 三.
        ("张 三", &["张三"]),
        ("李", &[]),
        ("", &[]),
    ];
    for (q, want) in cases {
        assert_eq!(names(&db, q), *want, "query {q:?}");
    }
}

#[test]
fn a_polyphonic_surname_is_found_by_each_reading_whatever_the_given_name() {
    let db = fixture();
    // Every character of 单行和 has several readings.
    let p = r#"{"type":"petitioner","ref":"p9","name":"单行和"}"#;
    db.import("p.jsonl", p).unwrap();
    for q in ["shanxinghe", "sxh", "danxinghe", "dxh", "shan"] {
        assert_eq!(names(&db, q), ["单行和"], "query {q:?}");
    }
}

#[test]
fn results_mask_id_numbers_and_phones_and_show_matters_and_marks() {
    let db = fixture();
    let f = &db.desk.lookup("于营", 5).unwrap()[0];
    assert_eq!(f.id_number.as_deref(), Some("1101**********002X"));
    assert_eq!(f.matters.len(), 1);
    assert_eq!(f.matters[0].ledger.to_string(), "2026-000001");
    let json = serde_json::to_value(xfdesk::cli::json::FoundJson::from(f)).unwrap();
    assert_eq!(json["matters"][0]["state"], "replied");
    assert_eq!(json["matters"][0]["registered"], "2026-03-02");
    assert_eq!(json["id_number"], "1101**********002X");
    let z = &db.desk.lookup("曾小红", 5).unwrap()[0];
    assert!(z.key_person);
    assert_eq!(z.phones, vec!["135****4321"]);
}

#[test]
fn long_standing_is_three_years_or_ten_contacts() {
    let db = fixture();
    let mut lines = Vec::new();
    for (i, year) in [2024, 2025].iter().enumerate() {
        lines.push(format!(r#"{{"type":"contact","matter":"2026-000002","petitioners":["370211198805061231"],"at":"{year}-0{}-01T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"receiver":"zhangli","summary":"来信"}}"#, i + 1));
    }
    assert!(!db.desk.lookup("张三", 1).unwrap()[0].long_standing);
    db.import("years.jsonl", &lines.join("\n")).unwrap();
    let f = &db.desk.lookup("张三", 1).unwrap()[0];
    assert_eq!(f.contacts, 3);
    assert!(f.long_standing, "contacts in 2024, 2025 and 2026");
}

#[test]
fn overdue_lists_matters_past_due_most_overdue_first() {
    let db = fixture();
    // m2 (2026-000002) registered 06-01: acceptance due 06-16.
    // m3 (2026-000003) accepted 06-06: reply due 08-05.
    // m1 is replied: never overdue.
    let on = |d| {
        db.desk
            .overdue(d)
            .unwrap()
            .into_iter()
            .map(|o| (o.ledger.to_string(), o.days_overdue))
            .collect::<Vec<_>>()
    };
    assert_eq!(on(date!(2026 - 06 - 16)), vec![]);
    assert_eq!(
        on(date!(2026 - 06 - 17)),
        vec![("2026-000002".to_string(), 1)]
    );
    assert_eq!(
        on(date!(2026 - 08 - 10)),
        vec![
            ("2026-000002".to_string(), 55),
            ("2026-000003".to_string(), 5)
        ]
    );
    let items = db.desk.overdue(date!(2026 - 08 - 10)).unwrap();
    let json = serde_json::to_value(xfdesk::cli::json::OverdueJson::from(&items[1])).unwrap();
    assert_eq!(json["state"], "in_progress");
    assert_eq!(json["due"], "2026-08-05");
    assert_eq!(json["first_receiver"], "wangwei");
}
