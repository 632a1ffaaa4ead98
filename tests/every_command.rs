//! Every command with every output format and both languages, through the
//! real binary on the demo data: each exits 0 and none panics. A format that
//! fails every time (as `report stats --format csv` once did) cannot hide.

mod common;

use common::bin::{text, xfdesk};
use std::path::Path;

/// `report` subcommands that take `--format` (each run for `PERIOD`).
const FORMATTED: &[&[&str]] = &[
    &["scorecard"],
    &["scorecard", "--rules", "fixtures/rules/four-no.toml"],
    &["stats"],
    &["zero-visit"],
    &["cases"],
    &["cases", "--sessions"],
];

const PERIOD: &[&str] = &["--from", "2026-01-01", "--to", "2026-06-30"];

const FORMATS: &[&str] = &["table", "csv", "json", "xlsx"];

/// Commands without `--format`.
const PLAIN: &[&[&str]] = &[
    &["lookup", "王"],
    &["lookup", "王", "--json"],
    &["lookup", "wang"],
    &["overdue", "--as-of", "2026-06-30"],
    &["overdue", "--as-of", "2026-06-30", "--json"],
    &["audit"],
    &["audit", "--json"],
    &["staff", "list"],
    &["report", "month-start"],
    &["office"],
    &["office", "show"],
    &["check"],
    &["case", "list"],
    &["case", "list", "--json"],
    &["case", "list", "--overdue", "--as-of", "2026-06-30"],
    &["case", "show", "2026-000001"],
    &["case", "show", "2026-000001", "--json"],
    &["case", "candidates", "--as-of", "2026-06-30"],
    &["case", "candidates", "--as-of", "2026-06-30", "--json"],
    &["case", "keylist", "--as-of", "2026-06-30"],
    &["case", "keylist", "--as-of", "2026-06-30", "--json"],
    &["supervise", "list", "--all"],
    &["supervise", "list", "--all", "--json"],
    &["reception", "list"],
    &["reception", "list", "--json"],
];

fn ok(db: &Path, args: &[&str]) {
    let out = xfdesk(db, args);
    let stderr = text(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("panicked"),
        "xfdesk {}: {}\n{stderr}",
        args.join(" "),
        out.status
    );
}

#[test]
fn every_command_runs_in_every_format_and_language() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    ok(&db, &["init"]);
    ok(&db, &["import", "fixtures/demo.jsonl"]);
    // A key case, a letter and a session, so their lists have rows.
    ok(
        &db,
        &[
            "case",
            "open",
            "2026-000001",
            "--leader",
            "sunhao",
            "--measures",
            "现场核查",
            "--due",
            "2099-05-31",
            "--unit",
            "zjj",
            "--owner",
            "zhoutao",
        ],
    );
    ok(
        &db,
        &[
            "case",
            "log",
            "2026-000001",
            "--kind",
            "handle",
            "--note",
            "协调",
        ],
    );
    ok(
        &db,
        &[
            "supervise",
            "issue",
            "2026-000001",
            "--kind",
            "reminder",
            "--unit",
            "zjj",
            "--reply-due",
            "2099-05-01",
        ],
    );
    ok(
        &db,
        &[
            "reception",
            "add",
            "2026-03-16",
            "--leader",
            "sunhao",
            "--place",
            "接待中心",
        ],
    );
    for lang in ["zh", "en"] {
        for args in PLAIN {
            ok(&db, &[&["--lang", lang], *args].concat());
        }
        for args in FORMATTED {
            for format in FORMATS {
                let out = dir.path().join(format!("{lang}-{}.{format}", args[0]));
                let _ = std::fs::remove_file(&out);
                let out = out.to_str().unwrap();
                let mut all = vec!["--lang", lang, "report"];
                all.extend_from_slice(args);
                all.extend_from_slice(PERIOD);
                all.extend_from_slice(&["--format", format]);
                if *format == "xlsx" {
                    all.extend_from_slice(&["--out", out]);
                }
                ok(&db, &all);
            }
        }
        let export = dir.path().join(format!("export-{lang}.jsonl"));
        ok(
            &db,
            &["--lang", lang, "export", "--out", export.to_str().unwrap()],
        );
        let backup = dir.path().join(format!("backup-{lang}"));
        ok(&db, &["--lang", lang, "backup", backup.to_str().unwrap()]);
    }
}
