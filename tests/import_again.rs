//! A file imported again, or one overlapping what is on file, is refused
//! whole with the lines that are already in the database named in a few
//! ranges; other refusals still name each problem.

mod common;

use common::{id_number, TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::service::ServiceError;

const WHY: &str = "(same ID numbers or ledger numbers, reference data as it is, or lines that belong to those); nothing was imported";

fn already(r: xfdesk::service::Result<xfdesk::service::import::ImportSummary>) -> String {
    match r {
        Err(e @ ServiceError::AlreadyThere(_)) => e.to_string(),
        other => panic!("expected lines already there, got {other:?}"),
    }
}

#[test]
fn the_same_file_imported_again_is_refused_as_already_there_line_for_line() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let before = db.export();
    let said = already(db.import("spec.jsonl", INTERCHANGE_EXAMPLE));
    assert_eq!(
        said,
        format!("spec.jsonl: lines 1–13 (13 of 13) are already in the database {WHY}")
    );
    assert_eq!(db.export(), before);
}

#[test]
fn an_export_imported_into_its_own_database_is_refused_whole() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let export = db.export();
    let n = export.lines().count();
    let said = already(db.import("export.jsonl", &export));
    assert_eq!(
        said,
        format!("export.jsonl: lines 1–{n} ({n} of {n}) are already in the database {WHY}")
    );
    assert_eq!(db.export(), export);
}

#[test]
fn a_file_partly_on_file_names_those_lines_and_imports_none_of_the_rest() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let before = db.export();
    let new_id = id_number("37021119800101001");
    let file = [
        // 于营 again, by her ID number.
        r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X"}"#.to_string(),
        // A new person, and a matter for her under a ledger number already given.
        format!(r#"{{"type":"petitioner","ref":"p2","name":"王芳","id_number":"{new_id}"}}"#),
        "".to_string(),
        r#"{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车","first_receiver":"zhangli","registered_at":"2026-03-02T09:15:00+08:00","ledger":"2026-000001"}"#.to_string(),
        r#"{"type":"event","matter":"m2","at":"2026-03-03T10:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}"#.to_string(),
    ]
    .join("\n");
    let said = already(db.import("part.jsonl", &file));
    assert_eq!(
        said,
        format!("part.jsonl: lines 1, 4–5 (3 of 4) are already in the database {WHY}; to add to a petitioner or matter on file, name it by its ID number or ledger number instead of repeating its line")
    );
    assert_eq!(db.export(), before);
}

#[test]
fn a_line_already_there_beside_another_problem_is_refused_problem_by_problem_as_before() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let file = [
        r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X"}"#,
        r#"{"type":"petitioner","ref":"p2","name":"","id_number":null}"#,
    ]
    .join("\n");
    match db.import("mixed.jsonl", &file) {
        Err(e @ ServiceError::Import(_)) => assert_eq!(
            e.to_string(),
            "mixed.jsonl:1: id_number: already belongs to petitioner #1; refer to that person by ID number instead\nmixed.jsonl:2: name: empty\nimport refused: 2 problem(s); nothing was imported"
        ),
        other => panic!("{other:?}"),
    }
}
