//! What an import line may hold: text cleaned of controls, phones, refs,
//! reference data again, field names and line lengths; and the audit of
//! imports and exports.

mod common;

use common::{audit_trail, TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::service::ServiceError;
use xfdesk::store::T;

fn problems(r: xfdesk::service::Result<xfdesk::service::import::ImportSummary>) -> Vec<String> {
    match r {
        Err(ServiceError::Import(ps)) => ps.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected import problems, got {other:?}"),
    }
}

#[test]
fn control_and_bidi_characters_never_reach_the_store() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let evil =
        "{\"type\":\"petitioner\",\"ref\":\"e1\",\"name\":\"\\u001b[31m张\\u202e三\\u0007\"}";
    db.import("evil.jsonl", evil).unwrap();
    let p = db.desk.store().petitioner(2).unwrap().unwrap();
    assert!(
        !p.name
            .chars()
            .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{:?}",
        p.name
    );
    assert!(p.name.contains('张') && p.name.contains('三'));
}

#[test]
fn every_free_text_field_is_cleaned_and_the_export_carries_no_control_character() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    // ESC, BEL, an RLO override and an isolate in a summary, an address, notes,
    // a contact summary, a letter number and an event note and reason.
    let evil = [
        r#"{"type":"petitioner","ref":"e1","name":"王五","address":"辛安\u001b]0;title\u0007路\u20661号","notes":"备\u202e注"}"#,
        r#"{"type":"matter","ref":"em","petitioners":["e1"],"category":"jy","town":"370211001","summary":"\u001b[2J清屏\u202e事由","first_receiver":"zhangli","registered_at":"2026-05-02T09:00:00+08:00"}"#,
        r#"{"type":"contact","matter":"em","petitioners":["e1"],"at":"2026-05-02T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"receiver":"zhangli","summary":"来信\u009b31m","letter_no":"X\u0008-7"}"#,
        r#"{"type":"event","matter":"em","at":"2026-05-03T09:00:00+08:00","action":"reject","by":"zhangli","reason":"不属\u202d受理范围","note":"已\u0007告知"}"#,
    ]
    .join("\n");
    db.import("evil.jsonl", &evil).unwrap();
    let export = db.export();
    let bad: Vec<char> = export
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || ('\u{202a}'..='\u{202e}').contains(c)
                || ('\u{2066}'..='\u{2069}').contains(c)
        })
        .collect();
    assert!(bad.is_empty(), "{bad:?} in\n{export}");
    // JSON escapes of them would be as bad as the characters themselves.
    for escaped in ["\\u001b", "\\u202e", "\\u0007", "\\u009b"] {
        assert!(!export.contains(escaped), "{escaped} in\n{export}");
    }
    for kept in ["清屏事由", "辛安]0;title路1号", "不属受理范围", "来信31m"] {
        assert!(export.contains(kept), "{kept} in\n{export}");
    }
}

#[test]
fn a_phone_that_is_not_a_mobile_is_imported_with_a_warning() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let line = r#"{"type":"petitioner","ref":"e1","name":"王五","phones":["0532-8888 6666","+86 139 1234 5678"]}"#;
    let s = db.import("phones.jsonl", line).unwrap();
    let warnings: Vec<String> = s.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("phones.jsonl:1: phones[0]:")
            && warnings[0].contains("053288886666"),
        "{warnings:?}"
    );
    let p = db.desk.store().petitioner(2).unwrap().unwrap();
    assert_eq!(p.phones, ["053288886666", "13912345678"]);
}

#[test]
fn refs_to_records_that_do_not_exist_and_refs_that_look_like_numbers_are_refused() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let lines = [
        // An existing-looking ledger number that is not on file.
        r#"{"type":"contact","matter":"2026-000099","petitioners":["11010519491231002X"],"at":"2026-05-02T09:00:00+08:00","channel":"call","level":"county","headcount":1,"receiver":"zhangli","summary":"来电"}"#,
        // An ID number that is valid but belongs to nobody on file.
        r#"{"type":"contact","matter":"2026-000001","petitioners":["110105198001010059"],"at":"2026-05-02T09:00:00+08:00","channel":"call","level":"county","headcount":1,"receiver":"zhangli","summary":"来电"}"#,
        // File refs may not look like a ledger number or an ID number.
        r#"{"type":"petitioner","ref":"2026-000005","name":"甲"}"#,
        r#"{"type":"petitioner","ref":"110105198001010032","name":"乙"}"#,
    ]
    .join("\n");
    let before = db.export();
    let ps = problems(db.import("refs.jsonl", &lines));
    let at = |line: usize, field: &str| {
        ps.iter()
            .any(|p| p.starts_with(&format!("refs.jsonl:{line}: {field}")))
    };
    assert!(at(1, "matter"), "{ps:?}");
    assert!(at(2, "petitioners[0]"), "{ps:?}");
    assert!(at(3, "ref"), "{ps:?}");
    assert!(at(4, "ref"), "{ps:?}");
    assert_eq!(db.export(), before, "nothing was written");
}

#[test]
fn reference_lines_equal_to_stored_ones_are_accepted_again() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let reference: String = INTERCHANGE_EXAMPLE
        .lines()
        .take(7)
        .collect::<Vec<_>>()
        .join("\n");
    let s = db.import("again.jsonl", &reference).unwrap();
    assert_eq!(s.reference, 0, "nothing changed, nothing written");
    assert_eq!(db.desk.store().len(T::Towns), 1);
}

#[test]
fn over_long_lines_are_refused_without_reading_them_whole() {
    let db = TestDb::new();
    let long = format!(
        "{{\"type\":\"town\",\"code\":\"1\",\"name\":\"{}\"}}",
        "长".repeat(40_000)
    );
    let ps = problems(db.import("long.jsonl", &long));
    assert!(
        ps[0].starts_with("long.jsonl:1: line: longer than"),
        "{ps:?}"
    );
}

#[test]
fn imports_are_audited_with_who_and_what() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let audit = audit_trail(&db);
    // Followed by one entry per staff login it adds (tests/staff.rs).
    let last = audit.iter().rfind(|e| e.record == "import").unwrap();
    assert_eq!(last.by, xfdesk::service::current_unix_user());
    assert!(
        last.what.contains("1 petitioners") && last.what.contains("spec.jsonl"),
        "{}",
        last.what
    );
    let _ = db.import("bad.jsonl", "nonsense");
    assert_eq!(
        audit_trail(&db).len(),
        audit.len(),
        "a refused import writes nothing, not even audit"
    );
}

#[test]
fn an_export_is_audited_because_it_holds_every_id_number_unmasked() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let export = db.export();
    assert!(
        export.contains("11010519491231002X"),
        "exports are unmasked"
    );
    let last = audit_trail(&db).pop().unwrap();
    assert_eq!(
        (last.by.as_str(), last.record.as_str()),
        (xfdesk::service::current_unix_user().as_str(), "export")
    );
    let lines = export.lines().count();
    assert_eq!(last.what, format!("exported {lines} lines to test"));
}

#[test]
fn a_phone_with_its_country_code_typed_twice_survives_export_and_import_again() {
    // Found by the property tests: "+86 0086 …" was stored as "0086…", which
    // the next import of the export shortened again, so the round trip broke.
    let db = TestDb::new();
    let spec = INTERCHANGE_EXAMPLE.replace(r#"["13800138000"]"#, r#"["+86 0086 183 2734 4715"]"#);
    db.import("spec.jsonl", &spec).unwrap();
    let first = db.export();
    assert!(first.contains(r#""phones":["18327344715"]"#), "{first}");
    let again = TestDb::new();
    again.import("export.jsonl", &first).unwrap();
    assert!(first == again.export(), "round trip differs");
}

#[test]
fn an_unknown_field_with_an_empty_or_control_name_is_named_escaped() {
    // Found by fuzzing: a field named "" was reported as "FILE:1: : unknown
    // field", and a name with an escape sequence reached the terminal raw.
    let db = TestDb::new();
    let text = concat!(
        r#"{"type":"town","code":"370211001","name":"辛安街道","":1}"#,
        "\n",
        r#"{"type":"town","code":"370211002","name":"黄岛街道","\u001b[2Jx":1}"#,
        "\n",
        r#"{"type":"town","code":"370211003","name":"薛家岛街道","a`b":1}"#,
    );
    assert_eq!(
        problems(db.import("towns.jsonl", text)),
        [
            r#"towns.jsonl:1: "": unknown field"#,
            r#"towns.jsonl:2: "\u{1b}[2Jx": unknown field"#,
            "towns.jsonl:3: a`b: unknown field",
        ]
    );
}
