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
    assert!(db.export() == before, "nothing was written");
    // The spill's files had no names; none is left beside the database.
    let left: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("db")]);
}
