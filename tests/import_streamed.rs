//! An import reads its files once into a spill by kind and judges the kinds
//! in turn: where a line stands in the files (a contact before its matter,
//! reference data in the last of several files) changes nothing, and a
//! refusal leaves neither records nor spill files behind.

mod common;

use common::{integrity, TestDb};
use std::io::BufRead;
use xfdesk::service::ServiceError;

/// The demo's lines, kinds in reverse of the order they depend on each
/// other (events first, towns last), each kind in its own order.
fn kinds_reversed() -> Vec<&'static str> {
    let order = [
        "event",
        "contact",
        "matter",
        "petitioner",
        "staff",
        "category",
        "unit",
        "village",
        "town",
    ];
    let lines: Vec<&str> = xfdesk::cli::DEMO_JSONL.lines().collect();
    let kind = |l: &str, k: &str| l.starts_with(&format!("{{\"type\":\"{k}\""));
    let out: Vec<&str> = order
        .iter()
        .flat_map(|k| lines.iter().copied().filter(move |l| kind(l, k)))
        .collect();
    assert_eq!(out.len(), lines.len(), "every demo line is of a kind above");
    out
}

fn source(name: &str, lines: &[&str]) -> (String, Box<dyn BufRead>) {
    let text = lines.join("\n") + "\n";
    (
        name.to_string(),
        Box::new(std::io::Cursor::new(text.into_bytes())),
    )
}

#[test]
fn lines_in_any_order_and_over_several_files_give_the_same_database() {
    let in_order = TestDb::new();
    in_order
        .import("demo.jsonl", xfdesk::cli::DEMO_JSONL)
        .unwrap();
    let expected = in_order.export();

    let reversed = kinds_reversed();
    let one = TestDb::new();
    one.desk
        .import_sources(vec![source("reversed.jsonl", &reversed)])
        .unwrap();
    assert!(
        one.export() == expected,
        "one file, kinds reversed, differs"
    );
    assert!(integrity(&one.desk).is_ok());

    // Contacts and events in the first file, towns in the last.
    let third = reversed.len() / 3;
    let files = vec![
        source("a.jsonl", &reversed[..third]),
        source("b.jsonl", &reversed[third..2 * third]),
        source("c.jsonl", &reversed[2 * third..]),
    ];
    let three = TestDb::new();
    let summary = three.desk.import_sources(files).unwrap();
    assert_eq!(summary.contacts, 900);
    assert!(three.export() == expected, "three files differ");
    assert!(integrity(&three.desk).is_ok());
}

#[test]
fn a_problem_on_the_last_line_of_the_last_file_leaves_nothing_behind() {
    let db = TestDb::new();
    let before = db.export();
    let reversed = kinds_reversed();
    let half = reversed.len() / 2;
    let mut second: Vec<&str> = reversed[half..].to_vec();
    let bad = r#"{"type":"town","code":"370299","name":""}"#;
    second.push(bad);
    let files = vec![
        source("a.jsonl", &reversed[..half]),
        source("b.jsonl", &second),
    ];
    let err = db.desk.import_sources(files).unwrap_err();
    let ServiceError::Import(problems) = err else {
        panic!("refused as an import with problems: {err}");
    };
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        vec![format!("b.jsonl:{}: name: empty", second.len())]
    );
    assert_nothing_left(&db, &before);
}

/// Nothing was written, and the spill's and staging's files (they had no
/// names) left nothing beside the database.
fn assert_nothing_left(db: &TestDb, before: &str) {
    assert!(db.export() == before, "nothing was written");
    let left: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("db")]);
}

/// More matters than one part of the build holds, the last one's event
/// refused by the workflow: the first part is built before the refusal is
/// found, and still nothing is written and no file is left.
#[test]
fn a_refusal_found_while_building_the_last_part_leaves_nothing_behind() {
    let db = TestDb::new();
    let before = db.export();
    let reference = ["town", "village", "unit", "category", "staff"];
    let demo: Vec<&str> = xfdesk::cli::DEMO_JSONL.lines().collect();
    let mut lines: Vec<String> = demo
        .iter()
        .filter(|l| {
            reference
                .iter()
                .any(|k| l.starts_with(&format!("{{\"type\":\"{k}\"")))
        })
        .map(|l| l.to_string())
        .collect();
    lines.push(
        demo.iter()
            .find(|l| l.contains(r#""ref":"p1""#))
            .unwrap()
            .to_string(),
    );
    // One part holds 32,768 new matters.
    let matters = 32_800;
    for i in 1..=matters {
        lines.push(format!(
            r#"{{"type":"matter","ref":"m{i}","petitioners":["p1"],"category":"wsjk","town":"371999005","summary":"医保报销比例争议","first_receiver":"chenjing","registered_at":"2023-02-20T13:53:00+08:00"}}"#
        ));
    }
    // A reply before the matter was accepted.
    lines.push(format!(
        r#"{{"type":"event","matter":"m{matters}","at":"2023-03-31T10:02:00+08:00","action":"reply","by":"wangwei","note":"已书面答复"}}"#
    ));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let err = db
        .desk
        .import_sources(vec![source("big.jsonl", &refs)])
        .unwrap_err();
    let ServiceError::Import(problems) = err else {
        panic!("refused as an import with problems: {err}");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pos.line as usize, lines.len());
    assert_eq!(problems[0].field, "action");
    assert_nothing_left(&db, &before);

    // Without the bad line the same file imports whole.
    let good = TestDb::new();
    let summary = good
        .desk
        .import_sources(vec![source("big.jsonl", &refs[..refs.len() - 1])])
        .unwrap();
    assert_eq!(summary.matters, matters);
    assert!(integrity(&good.desk).is_ok());
}
