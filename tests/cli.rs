//! The real binary: exit codes, messages and output formats.

mod common;

use common::bin::{command_with, text, xfdesk};

use common::{write_file, TestDb, INTERCHANGE_EXAMPLE};
use std::process::{Command, Output};

/// Runs the binary with `settings` as the user's settings file.
fn xfdesk_with(db: &std::path::Path, args: &[&str], settings: &std::path::Path) -> Output {
    command_with(db, settings).args(args).output().unwrap()
}

/// A database at DIR/db holding the example of docs/interchange.md, made through the binary.
fn spec_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let f = write_file(dir, "spec.jsonl", INTERCHANGE_EXAMPLE);
    let out = xfdesk(&db, &["import", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[test]
fn init_import_lookup_overdue_check_and_export_from_the_command_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let f = write_file(dir.path(), "spec.jsonl", INTERCHANGE_EXAMPLE);
    let out = xfdesk(&db, &["import", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = xfdesk(&db, &["lookup", "yy", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name"], "于营");
    assert_eq!(v[0]["id_number"], "1101**********002X");
    assert_eq!(v[0]["phones"][0], "138****8000");
    assert_eq!(v[0]["matters"][0]["ledger"], "2026-000001");
    for key in ["town", "contacts", "long_standing", "key_person"] {
        assert!(v[0].get(key).is_some(), "lookup JSON lacks {key}");
    }

    let table = text(&xfdesk(&db, &["lookup", "于营"]).stdout);
    assert!(
        table.contains("于营") && table.contains("1101**********002X") && table.contains("已答复"),
        "{table}"
    );
    let table = text(&xfdesk(&db, &["--lang", "en", "lookup", "于营"]).stdout);
    assert!(
        table.contains("Name") && table.contains("replied"),
        "{table}"
    );

    let out = xfdesk(&db, &["overdue", "--as-of", "2026-03-20", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        0,
        "the matter was accepted on 03-03"
    );

    let out = xfdesk(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let exported = dir.path().join("all.jsonl");
    let out = xfdesk(&db, &["export", "--out", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout_export = xfdesk(&db, &["export"]).stdout;
    assert_eq!(std::fs::read(&exported).unwrap(), stdout_export);
}

#[test]
fn a_bad_import_exits_non_zero_with_every_problem_and_changes_nothing() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let path = db.path();
    let dir = db.dir.path().to_path_buf();
    drop(db.desk);
    let f = write_file(&dir, "bad.jsonl", "{\"type\":\"town\",\"code\":\"9\",\"name\":\"新\"}\n{\"type\":\"petitioner\",\"ref\":\"x\",\"name\":\"李\",\"id_number\":\"123\"}\nnot json\n");
    let out = xfdesk(&path, &["import", f.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("bad.jsonl:2: id_number:"), "{err}");
    assert!(err.contains("bad.jsonl:3: line: invalid JSON"), "{err}");
    let out = xfdesk(&path, &["lookup", "新", "--json"]);
    assert_eq!(text(&out.stdout).trim(), "[]");
    let towns = text(&xfdesk(&path, &["export"]).stdout)
        .lines()
        .filter(|l| l.contains("\"type\":\"town\""))
        .count();
    assert_eq!(towns, 1, "the town of the refused file was not written");
}

#[test]
fn a_database_held_by_another_process_names_xfdesk_serve() {
    let db = TestDb::new();
    let out = xfdesk(&db.path(), &["lookup", "x"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("in use by another process") && err.contains("xfdesk serve"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
}

#[test]
fn usage_errors_exit_2_and_bad_dates_are_named() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    assert_eq!(xfdesk(&db, &["lookup"]).status.code(), Some(2));
    assert!(xfdesk(&db, &["init"]).status.success());
    let out = xfdesk(&db, &["overdue", "--as-of", "2026-13-01"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--as-of \"2026-13-01\""),
        "{}",
        text(&out.stderr)
    );
    let out = xfdesk(&dir.path().join("nope"), &["lookup", "x"]);
    assert!(
        text(&out.stderr).contains("xfdesk init"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn gen_is_deterministic_and_importable() {
    let dir = tempfile::TempDir::new().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    for p in [&a, &b] {
        let out = Command::new(env!("CARGO_BIN_EXE_xfdesk"))
            .args([
                "gen",
                "--petitioners",
                "50",
                "--contacts",
                "120",
                "--seed",
                "7",
                "--out",
            ])
            .arg(p)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let db = dir.path().join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let out = xfdesk(&db, &["import", a.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(xfdesk(&db, &["check"]).status.success());
}

#[test]
fn demo_builds_a_throwaway_database_and_says_where() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xfdesk"))
        .arg("demo")
        .env("TMPDIR", tmp.path())
        .env_remove("XFDESK_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let path = stdout
        .lines()
        .next()
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with(tmp.path().to_str().unwrap()))
        })
        .expect("the database path is printed");
    assert!(stdout.contains("信访人 300 名"), "{stdout}");
    let check = xfdesk(std::path::Path::new(path), &["check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    // The demo office has key cases, letters and a rota to show on its screens.
    let db = std::path::Path::new(path);
    let cases = text(&xfdesk(db, &["--lang", "en", "case", "list"]).stdout);
    assert_eq!(
        cases.lines().filter(|l| l.contains("sunhao")).count(),
        3,
        "{cases}"
    );
    let letters = text(&xfdesk(db, &["--lang", "en", "supervise", "list"]).stdout);
    assert!(letters.contains("directive"), "{letters}");
    let rota = xfdesk(
        db,
        &[
            "--lang",
            "en",
            "reception",
            "list",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert_eq!(
        text(&rota.stdout).matches("sunhao").count(),
        3,
        "{}",
        text(&rota.stderr)
    );
}

#[test]
fn the_settings_file_sets_defaults_that_flags_override_and_a_bad_one_is_named() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = spec_db(dir.path());

    let settings = write_file(dir.path(), "settings.toml", "lang = \"en\"\n");
    let table = text(&xfdesk_with(&db, &["lookup", "于营"], &settings).stdout);
    assert!(table.contains("Name"), "settings choose English:\n{table}");
    let table = text(&xfdesk_with(&db, &["--lang", "zh", "lookup", "于营"], &settings).stdout);
    assert!(table.contains("姓名"), "the flag wins:\n{table}");

    let bad = write_file(
        dir.path(),
        "bad.toml",
        "lang = \"en\"\nkeymap = \"vim\"\ncolor = 1\n",
    );
    let out = xfdesk_with(&db, &["lookup", "于营"], &bad);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml:3:") && err.contains("unknown field `color`"),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing else happens: {}",
        text(&out.stdout)
    );

    write_file(dir.path(), "keys.toml", "[global]\n\"F13\" = \"quit\"\n");
    let settings = write_file(dir.path(), "with-keys.toml", "keymap = \"keys.toml\"\n");
    let err = text(&xfdesk_with(&db, &["lookup", "于营"], &settings).stderr);
    assert!(
        err.contains("keys.toml:2:") && err.contains("F13"),
        "a keymap named in the settings is read beside them: {err}"
    );
}

#[test]
fn check_exits_non_zero_and_names_the_damage() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let path = db.path();
    {
        use common::raw_keys::{text_key, u64_key};
        use xfdesk::store::{WriteSet, T};
        let mut ws = WriteSet::new(db.desk.store());
        ws.remove(T::Name, text_key("营", &u64_key(1)));
        ws.commit().unwrap();
        db.desk.store().flush().unwrap();
    }
    let TestDb { dir, desk } = db;
    drop(desk);
    let out = xfdesk(&path, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("ix_name is missing the entry"), "{err}");
    drop(dir);
}

#[test]
fn the_database_comes_from_xfdesk_db_when_no_flag_is_given() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xfdesk"))
            .args(args)
            .env("XFDESK_DB", &db)
            .env("XFDESK_CONFIG", dir.path().join("none.toml"))
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    let f = write_file(dir.path(), "spec.jsonl", INTERCHANGE_EXAMPLE);
    assert!(run(&["import", f.to_str().unwrap()]).status.success());
    let out = run(&["lookup", "13800138000", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name"], "于营");
}

#[test]
fn lookup_json_has_exactly_the_documented_fields_and_overdue_prints_a_table() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = spec_db(dir.path());
    let out = xfdesk(&db, &["lookup", "于营", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |o: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = o.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v[0]),
        [
            "contacts",
            "id_number",
            "key_person",
            "long_standing",
            "matters",
            "name",
            "phones",
            "town"
        ]
    );
    assert_eq!(
        keys(&v[0]["matters"][0]),
        ["category", "ledger", "registered", "state", "summary"]
    );
    assert_eq!(v[0]["matters"][0]["category"], "jy");
    assert_eq!(v[0]["matters"][0]["summary"], "撤并学校,上学不便");

    // Accepted 03-03, so due 05-02; replied 04-20, so never overdue. The table
    // at an earlier date lists nothing, and a registered matter does show.
    let more = write_file(
        dir.path(),
        "more.jsonl",
        r#"{"type":"matter","ref":"m9","petitioners":["11010519491231002X"],"category":"jy","town":"370211001","summary":"新的诉求","first_receiver":"zhangli","registered_at":"2026-05-01T09:00:00+08:00"}"#,
    );
    let out = xfdesk(&db, &["import", more.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&xfdesk(&db, &["overdue", "--as-of", "2026-05-20"]).stdout);
    let row = table
        .lines()
        .find(|l| l.contains("2026-000002"))
        .unwrap_or_else(|| panic!("{table}"));
    // Due 05-16, a Saturday: Monday 05-18, two days overdue on 05-20.
    for want in ["2026-05-18", "2", "已登记", "zhangli", "新的诉求"] {
        assert!(row.contains(want), "{want} in {row}");
    }
    assert!(!table.contains("2026-000001"), "{table}");
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = spec_db(dir.path());
    for args in [&["lookup", "于营", "--json"][..], &["export"][..]] {
        // Like `xfdesk … | head -0`: the reading end is gone before anything is written.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_xfdesk"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("XFDESK_DB")
            .env("XFDESK_CONFIG", dir.path().join("none.toml"))
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
