//! Import of JSON Lines v1: the example of docs/interchange.md, incremental imports, ledger
//! numbering, round trips, and every kind of bad input refused whole.

mod common;

use common::{integrity, TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::domain::{LedgerNo, MatterState};
use xfdesk::service::ServiceError;

fn problems(r: xfdesk::service::Result<xfdesk::service::import::ImportSummary>) -> Vec<String> {
    match r {
        Err(ServiceError::Import(ps)) => ps.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected import problems, got {other:?}"),
    }
}

/// Contact `id` of the first matter of 2026.
fn contact(db: &TestDb, id: u64) -> xfdesk::domain::Contact {
    let m = db
        .desk
        .store()
        .matter(LedgerNo { year: 2026, seq: 1 })
        .unwrap()
        .unwrap();
    m.contacts
        .into_iter()
        .find(|c| c.id == id)
        .expect("contact exists")
}

#[test]
fn the_spec_example_imports_into_a_replied_matter() {
    let db = TestDb::new();
    let s = db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    assert_eq!(
        (s.reference, s.petitioners, s.matters, s.contacts, s.events),
        (7, 1, 1, 1, 3)
    );
    let m = db
        .desk
        .store()
        .matter(LedgerNo { year: 2026, seq: 1 })
        .unwrap()
        .unwrap();
    assert_eq!(m.state, MatterState::Replied);
    assert_eq!(m.unit.as_deref(), Some("jtj"));
    assert_eq!(m.first_receiver, "zhangli");
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn every_problem_is_reported_with_file_line_and_field_and_nothing_is_written() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let before = db.export();
    let bad = [
        // 1: wrong check character
        r#"{"type":"petitioner","ref":"p2","name":"李四","id_number":"110105194912310021"}"#,
        // 2: malformed JSON
        r#"{"type":"petitioner","ref":"p3","name":"#,
        // 3: unknown field
        r#"{"type":"petitioner","ref":"p4","name":"王五","colour":"red"}"#,
        // 4: dangling ref
        r#"{"type":"matter","ref":"m9","petitioners":["nobody"],"category":"jy","town":"370211001","summary":"x","first_receiver":"zhangli","registered_at":"2026-05-01T09:00:00+08:00"}"#,
        // 5: unknown channel and zero headcount
        r#"{"type":"contact","matter":"2026-000001","petitioners":["11010519491231002X"],"at":"2026-05-02T09:00:00+08:00","channel":"fax","level":"county","headcount":0,"receiver":"zhangli","summary":"x"}"#,
        // 6: an action the state does not allow (the matter is replied)
        r#"{"type":"event","matter":"2026-000001","at":"2026-05-03T09:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}"#,
        // 7: unknown staff
        r#"{"type":"event","matter":"2026-000001","at":"2026-05-03T09:00:00+08:00","action":"close","by":"ghost"}"#,
        // 8: unknown type
        r#"{"type":"visitor","name":"x"}"#,
    ]
    .join("\n");
    let ps = problems(db.import("bad.jsonl", &bad));
    let expect = [
        "bad.jsonl:1: id_number: ",
        "bad.jsonl:2: line: invalid JSON",
        "bad.jsonl:3: colour: unknown field",
        "bad.jsonl:4: petitioners[0]: no petitioner with ref \"nobody\"",
        "bad.jsonl:5: channel: unknown value \"fax\"",
        "bad.jsonl:5: headcount: must be at least 1",
        "bad.jsonl:6: action: accept",
        "bad.jsonl:7: by: no staff member with login \"ghost\"",
        "bad.jsonl:8: type: unknown type \"visitor\"",
    ];
    for e in expect {
        assert!(
            ps.iter().any(|p| p.starts_with(e)),
            "missing {e:?} in {ps:#?}"
        );
    }
    assert_eq!(db.export(), before, "a refused import must change nothing");
}

#[test]
fn an_illegal_transition_names_the_state_and_the_action() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let line = r#"{"type":"event","matter":"2026-000001","at":"2026-05-03T09:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}"#;
    let ps = problems(db.import("ev.jsonl", line));
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert!(ps[0].starts_with("ev.jsonl:1: action: accept"), "{}", ps[0]);
    assert!(ps[0].contains("replied"), "{}", ps[0]);
}

#[test]
fn every_illegal_transition_is_reported_alongside_other_problems_without_cascades() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let bad = [
        // 1: a problem of another kind
        r#"{"type":"petitioner","ref":"p2","name":"李四","id_number":"110105194912310021"}"#,
        // 2: 2026-000001 is replied: accept is refused
        r#"{"type":"event","matter":"2026-000001","at":"2026-05-03T09:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}"#,
        // 3: close is allowed after a reply
        r#"{"type":"event","matter":"2026-000001","at":"2026-05-04T09:00:00+08:00","action":"close","by":"zhangli"}"#,
        // 4: the matter is closed by now: reply is refused
        r#"{"type":"event","matter":"2026-000001","at":"2026-05-05T09:00:00+08:00","action":"reply","by":"zhangli","note":"已答复"}"#,
        // 5: a new matter whose accept names an unknown login ...
        r#"{"type":"matter","ref":"m2","petitioners":["11010519491231002X"],"category":"jy","town":"370211001","summary":"x","first_receiver":"zhangli","registered_at":"2026-05-01T09:00:00+08:00"}"#,
        r#"{"type":"event","matter":"m2","at":"2026-05-02T09:00:00+08:00","action":"accept","by":"ghost","unit":"jtj"}"#,
        // 7: ... so its reply is not judged against a state that lacks the accept
        r#"{"type":"event","matter":"m2","at":"2026-05-03T09:00:00+08:00","action":"reply","by":"zhangli","note":"已答复"}"#,
        // 8: a matter line that failed: its events are not judged either
        r#"{"type":"matter","ref":"m3","petitioners":["nobody"],"category":"jy","town":"370211001","summary":"x","first_receiver":"zhangli","registered_at":"2026-05-01T09:00:00+08:00"}"#,
        r#"{"type":"event","matter":"m3","at":"2026-05-03T09:00:00+08:00","action":"reply","by":"zhangli","note":"已答复"}"#,
    ]
    .join("\n");
    let ps = problems(db.import("bad.jsonl", &bad));
    assert_eq!(ps.len(), 5, "{ps:#?}");
    assert!(ps[0].starts_with("bad.jsonl:1: id_number: "), "{ps:#?}");
    assert!(ps[1].starts_with("bad.jsonl:2: action: accept"), "{ps:#?}");
    assert!(ps[1].contains("replied"), "{}", ps[1]);
    assert!(ps[2].starts_with("bad.jsonl:4: action: reply"), "{ps:#?}");
    assert!(ps[2].contains("closed"), "{}", ps[2]);
    assert!(ps[3].starts_with("bad.jsonl:6: by: "), "{ps:#?}");
    assert!(
        ps[4].starts_with("bad.jsonl:8: petitioners[0]: "),
        "{ps:#?}"
    );
}

#[test]
fn imports_running_at_the_same_time_never_take_the_same_numbers() {
    use std::io::{BufRead, Read};
    use std::sync::{Arc, Barrier};

    /// A file that waits at its end until both imports have read their files,
    /// so that the two validate at the same time.
    struct Gated {
        text: std::io::Cursor<Vec<u8>>,
        gate: Arc<Barrier>,
        passed: bool,
    }
    impl Read for Gated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.fill_buf()?.read(buf)?;
            self.consume(n);
            Ok(n)
        }
    }
    impl BufRead for Gated {
        fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
            if self.text.fill_buf()?.is_empty() && !self.passed {
                self.passed = true;
                self.gate.wait();
            }
            self.text.fill_buf()
        }
        fn consume(&mut self, n: usize) {
            self.text.consume(n)
        }
    }

    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let file = |tag: &str| {
        let mut lines = vec![format!(
            r#"{{"type":"matter","ref":"m","petitioners":["11010519491231002X"],"category":"jy","town":"370211001","summary":"{tag}","first_receiver":"zhangli","registered_at":"2026-05-01T09:00:00+08:00"}}"#
        )];
        // Enough lines that each import validates and writes for a while.
        for i in 0..1000 {
            let (m, s) = (10 + i / 60, i % 60);
            lines.push(format!(
                r#"{{"type":"contact","matter":"m","petitioners":["11010519491231002X"],"at":"2026-05-01T09:{m:02}:{s:02}+08:00","channel":"call","level":"county","headcount":1,"receiver":"zhangli","summary":"{tag}"}}"#
            ));
        }
        lines.join("\n").into_bytes()
    };
    const ROUNDS: usize = 10;
    for round in 0..ROUNDS {
        // Both imports and this thread meet, so neither import starts ahead.
        let gate = Arc::new(Barrier::new(3));
        std::thread::scope(|s| {
            for side in ["a", "b"] {
                let gated = Gated {
                    text: std::io::Cursor::new(file(&format!("{round}{side}"))),
                    gate: gate.clone(),
                    passed: false,
                };
                let desk = &db.desk;
                s.spawn(move || {
                    let source: Box<dyn BufRead> = Box::new(gated);
                    desk.import_sources(vec![(side.to_string(), source)])
                        .unwrap()
                });
            }
            gate.wait();
        });
    }
    let store = db.desk.store();
    let mut summaries: Vec<String> = (1..=1 + 2 * ROUNDS as u32)
        .map(|seq| {
            let m = store.matter(LedgerNo { year: 2026, seq }).unwrap();
            m.unwrap_or_else(|| panic!("2026-{seq:06} is missing"))
                .summary
        })
        .collect();
    summaries.sort();
    summaries.dedup();
    assert_eq!(summaries.len(), 1 + 2 * ROUNDS, "a matter was overwritten");
    let report = integrity(&db.desk);
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn incremental_imports_point_at_ledger_numbers_and_id_numbers() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    // Visits after the reply, when the city has authority: the province above
    // it may be visited (本级或者上一级), so that is a repeat contact but not
    // skip-level; Beijing is.
    let nightly = r#"{"type":"contact","matter":"2026-000001","petitioners":["11010519491231002x"],"at":"2026-05-10T09:00:00+08:00","channel":"visit","level":"province","headcount":1,"receiver":"zhangli","summary":"再次反映"}
{"type":"contact","matter":"2026-000001","petitioners":["11010519491231002X"],"at":"2026-05-11T09:00:00+08:00","channel":"visit","level":"national","headcount":1,"receiver":"zhangli","summary":"进京反映"}"#;
    let s = db.import("nightly.jsonl", nightly).unwrap();
    assert_eq!((s.petitioners, s.contacts), (0, 2));
    let c2 = contact(&db, 2);
    let c3 = contact(&db, 3);
    assert!(c2.repeat && !c2.skip_level, "{c2:?}");
    assert!(c3.repeat && c3.skip_level, "{c3:?}");
    assert_eq!(c2.petitioners, vec![1]);
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn an_earlier_contact_arriving_later_makes_the_old_first_contact_a_repeat() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let letter = r#"{"type":"contact","matter":"2026-000001","petitioners":["11010519491231002X"],"at":"2026-02-20T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"receiver":"zhangli","summary":"来信","letter_no":"X-1"}"#;
    db.import("late.jsonl", letter).unwrap();
    let first = contact(&db, 1);
    let letter = contact(&db, 2);
    assert!(first.repeat && !letter.repeat);
    assert!(
        integrity(&db.desk).is_ok(),
        "{:?}",
        integrity(&db.desk).problems
    );
}

#[test]
fn ledger_numbers_follow_registration_time_within_each_year() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let m = |r: &str, at: &str| {
        format!(
            r#"{{"type":"matter","ref":"{r}","petitioners":["11010519491231002X"],"category":"jy","town":"370211001","summary":"{r}","first_receiver":"zhangli","registered_at":"{at}"}}"#
        )
    };
    let file = [
        m("late", "2026-09-01T09:00:00+08:00"),
        m("early", "2026-04-01T09:00:00+08:00"),
        // 2025-12-31T20:00Z is already 2026-01-01 in UTC+8.
        m("newyear", "2025-12-31T20:00:00Z"),
        m("old", "2025-06-01T09:00:00+08:00"),
    ]
    .join("\n");
    db.import("m.jsonl", &file).unwrap();
    let summary = |year, seq| {
        db.desk
            .store()
            .matter(LedgerNo { year, seq })
            .unwrap()
            .unwrap()
            .summary
    };
    assert_eq!(summary(2025, 1), "old");
    assert_eq!(summary(2026, 2), "newyear");
    assert_eq!(summary(2026, 3), "early");
    assert_eq!(summary(2026, 4), "late");
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn export_then_import_into_a_fresh_database_gives_the_same_bytes() {
    let db = TestDb::new();
    db.import("demo.jsonl", xfdesk::cli::DEMO_JSONL).unwrap();
    let first = db.export();
    let again = TestDb::new();
    again.import("export.jsonl", &first).unwrap();
    let second = again.export();
    assert_eq!(first.lines().count(), second.lines().count());
    assert!(first == second, "round trip differs");
    assert!(integrity(&again.desk).is_ok());
}

/// A matter line of the petitioner of docs/interchange.md's example, with optional extra fields.
fn matter_line(r: &str, at: &str, extra: &str) -> String {
    format!(
        r#"{{"type":"matter","ref":"{r}","petitioners":["11010519491231002X"],"category":"jy","town":"370211001","summary":"{r}","first_receiver":"zhangli","registered_at":"{at}"{extra}}}"#
    )
}

#[test]
fn a_matter_numbered_out_of_registration_order_keeps_its_number_through_a_round_trip() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    // Registered before 2026-000001 but imported later: it gets 2026-000002.
    let late = [
        matter_line("early", "2026-02-01T09:00:00+08:00", ""),
        r#"{"type":"contact","matter":"early","petitioners":["11010519491231002X"],"at":"2026-02-01T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"receiver":"zhangli","summary":"来信"}"#.to_string(),
    ]
    .join("\n");
    db.import("late.jsonl", &late).unwrap();
    let first = db.export();
    let again = TestDb::new();
    again.import("export.jsonl", &first).unwrap();
    let second = again.export();
    assert!(
        first == second,
        "round trip differs:\n{first}\n---\n{second}"
    );
    for seq in [1, 2] {
        let l = LedgerNo { year: 2026, seq };
        let a = db.desk.store().matter(l).unwrap().unwrap();
        let b = again.desk.store().matter(l).unwrap().unwrap();
        assert_eq!((a.summary, a.registered_at), (b.summary, b.registered_at));
    }
    assert_eq!(
        again
            .desk
            .store()
            .matter(LedgerNo { year: 2026, seq: 2 })
            .unwrap()
            .unwrap()
            .summary,
        "early"
    );
    assert!(integrity(&again.desk).is_ok());
}

#[test]
fn explicit_ledger_numbers_are_kept_and_the_others_follow_them() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let file = [
        matter_line(
            "y",
            "2026-06-01T09:00:00+08:00",
            r#","ledger":"2026-000003""#,
        ),
        matter_line("x", "2026-01-10T09:00:00+08:00", ""),
        matter_line(
            "z",
            "2026-07-01T09:00:00+08:00",
            r#","ledger":"2026-000002""#,
        ),
        matter_line("w", "2026-02-01T09:00:00+08:00", ""),
        matter_line("old", "2025-06-01T09:00:00+08:00", ""),
    ]
    .join("\n");
    db.import("m.jsonl", &file).unwrap();
    db.import(
        "n.jsonl",
        &matter_line("next", "2026-01-01T09:00:00+08:00", ""),
    )
    .unwrap();
    let summary = |year, seq| {
        db.desk
            .store()
            .matter(LedgerNo { year, seq })
            .unwrap()
            .map(|m| m.summary)
    };
    let got: Vec<_> = (1..=7).map(|seq| summary(2026, seq)).collect();
    let want: Vec<Option<String>> = ["撤并学校,上学不便", "z", "y", "x", "w", "next"]
        .iter()
        .map(|s| Some(s.to_string()))
        .chain([None])
        .collect();
    assert_eq!(got, want);
    assert_eq!(summary(2025, 1).as_deref(), Some("old"));
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn bad_explicit_ledger_numbers_are_each_reported() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let before = db.export();
    let file = [
        matter_line("a", "2026-05-01T09:00:00+08:00", r#","ledger":"2026-12""#),
        // 2025-12-31T20:00Z is 2026-01-01 at the desk (UTC+8).
        matter_line("b", "2025-12-31T20:00:00Z", r#","ledger":"2025-000001""#),
        matter_line(
            "c",
            "2026-05-01T09:00:00+08:00",
            r#","ledger":"2026-000001""#,
        ),
        matter_line(
            "d",
            "2026-05-01T09:00:00+08:00",
            r#","ledger":"2026-000002""#,
        ),
        matter_line(
            "e",
            "2026-05-01T09:00:00+08:00",
            r#","ledger":"2026-000002""#,
        ),
        matter_line(
            "f",
            "2026-05-01T09:00:00+08:00",
            r#","ledger":"2026-000005""#,
        ),
    ]
    .join("\n");
    let ps = problems(db.import("l.jsonl", &file));
    let expect = [
        "l.jsonl:1: ledger: \"2026-12\" is not a ledger number",
        "l.jsonl:2: ledger: 2025-000001 is not of 2026",
        "l.jsonl:3: ledger: 2026-000001 is already in the database",
        "l.jsonl:5: ledger: 2026-000002 is also given at line 4",
        "l.jsonl:6: ledger: 2026-000005 leaves 2026-000003 to 2026-000004 unused",
    ];
    assert_eq!(ps.len(), expect.len(), "{ps:#?}");
    for (p, e) in ps.iter().zip(expect) {
        assert!(p.starts_with(e), "expected {e:?}, got {p:?}");
    }
    assert_eq!(db.export(), before);
}
