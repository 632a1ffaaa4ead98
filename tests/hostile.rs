//! Nothing let in: text that would drive a terminal, files that are too long
//! or the wrong file, a damaged record, a full disk and a database the user
//! may not write. Each gets one clear message and changes nothing.

mod common;

use common::bin::{command, text};
use common::screen::{model, render, screen, send, COLOUR};
use common::{walk_in, write_file, TestDb, INTERCHANGE_EXAMPLE, OFFICE};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use xfdesk::i18n::Lang;
use xfdesk::service::import::{MAX_LINE_BYTES, MAX_PROBLEMS};
use xfdesk::service::ServiceError;
use xfdesk::store::{WriteSet, T};
use xfdesk::tui::model::Msg;

/// Characters that would move the cursor, recolour, retitle or reorder what
/// a terminal or a spreadsheet shows.
fn drives_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn problems(r: xfdesk::service::Result<xfdesk::service::import::ImportSummary>) -> Vec<String> {
    match r {
        Err(ServiceError::Import(ps)) => ps.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected import problems, got {other:?}"),
    }
}

#[test]
fn text_typed_at_the_desk_reaches_no_screen_or_output_as_control_characters() {
    let db = TestDb::office("", time::macros::datetime!(2026-07-01 10:00 +8), "zhangli");
    let evil_name = "欧\u{1b}[2J阳\u{202e}明\u{7}";
    let evil_summary = "\u{1b}]0;title\u{7}宅基地\u{9b}31m纠纷\u{2066}";
    let saved = db
        .desk
        .register(&walk_in(evil_name, "", "jy", evil_summary))
        .unwrap();
    let m = db.desk.matter(saved.ledger).unwrap().unwrap();
    assert_eq!(m.summary, "]0;title宅基地31m纠纷");
    // On the desk: the lookup lists the person as plain text.
    let mut desk = model(&db, Lang::Zh);
    send(
        &mut desk,
        &db,
        &[Msg::Action(xfdesk::tui::action::Action::Lookup)],
    );
    send(&mut desk, &db, &[Msg::Text("欧".into())]);
    let shown = screen(&render(&desk, COLOUR));
    assert!(shown.contains("欧[2J阳明"), "{shown}");
    assert!(!shown.chars().any(drives_a_terminal), "{shown:?}");
    // In every output of the command line.
    drop(desk);
    let db_path = db.path();
    let TestDb { dir, desk } = db;
    drop(desk);
    let outputs = [
        vec!["lookup", "欧", "--json"],
        vec!["lookup", "欧"],
        vec!["export"],
        vec!["audit", "--json"],
        vec!["report", "scorecard", "--year", "2026", "--format", "csv"],
    ];
    for args in outputs {
        let out = common::run_when_unlocked(|| command(&db_path).args(&args).output().unwrap());
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let printed = text(&out.stdout);
        assert!(
            !printed.chars().any(drives_a_terminal),
            "{args:?}: {printed:?}"
        );
        for escaped in ["\\u001b", "\\u202e", "\\u0007", "\\u009b", "\\u2066"] {
            assert!(
                !printed.contains(escaped),
                "{args:?}: {escaped} in {printed}"
            );
        }
    }
    drop(dir);
}

#[test]
fn a_file_of_nothing_but_bad_lines_stops_at_the_problem_limit_and_writes_nothing() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let before = db.export();
    let junk = "{ not json\n".repeat(MAX_PROBLEMS * 5);
    let ps = problems(db.import("junk.jsonl", &junk));
    assert_eq!(ps.len(), MAX_PROBLEMS + 1);
    assert_eq!(
        ps[MAX_PROBLEMS],
        format!(
            "junk.jsonl:{}: file: stopped reading here: more than {MAX_PROBLEMS} problems",
            MAX_PROBLEMS + 1
        )
    );
    assert_eq!(db.export(), before);
}

#[test]
fn an_enormous_line_is_refused_by_number_and_the_lines_after_it_are_still_read() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    // 64 MiB without a line break, read a piece at a time, never held whole.
    let huge = std::io::repeat(b'a').take(64 << 20);
    let rest = std::io::Cursor::new(
        b"\n{\"type\":\"petitioner\",\"ref\":\"p9\",\"name\":\"\xe6\x9d\x8e\"}\n{\"type\":\"nonsense\"}\n"
            .to_vec(),
    );
    let reader: Box<dyn BufRead> = Box::new(std::io::BufReader::new(huge.chain(rest)));
    let ps = problems(db.desk.import_sources(vec![("huge.jsonl".into(), reader)]));
    assert_eq!(
        ps,
        vec![
            format!("huge.jsonl:1: line: longer than {MAX_LINE_BYTES} bytes"),
            "huge.jsonl:3: type: unknown type \"nonsense\" (expected town, village, unit, category, staff, petitioner, matter, contact, event, notice, case, case_log, case_status, supervision or reception_day)".to_string(),
        ]
    );
}

#[test]
fn the_wrong_file_as_a_keymap_rules_settings_or_holiday_list_is_refused_by_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    let out = command(&db).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let big = write_file(dir.path(), "big.toml", &"# 注释\n".repeat(200_000));
    let big = big.to_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--keymap", big, "lookup", "x"],
            format!("keymap {big}:0: larger than 1024 KiB; is this the right file?"),
        ),
        (
            vec!["report", "scorecard", "--year", "2026", "--rules", big],
            format!("{big}: larger than 1024 KiB; is this the right file?"),
        ),
        (
            vec!["holidays", big],
            format!("{big}: larger than 1024 KiB; is this the right file?"),
        ),
        (
            vec!["--keymap", "/dev/zero", "lookup", "x"],
            "keymap /dev/zero:0: larger than 1024 KiB; is this the right file?".into(),
        ),
    ];
    for (args, said) in cases {
        let out = command(&db).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(
            text(&out.stderr).trim(),
            format!("xfdesk: {said}"),
            "{args:?}"
        );
    }
    let out = common::bin::command_with(&db, Path::new(big))
        .args(["lookup", "x"])
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stderr).trim(),
        format!("xfdesk: {big}: larger than 1024 KiB; is this the right file?")
    );
}

#[test]
fn a_damaged_record_is_named_by_lookup_and_by_check() {
    let db = TestDb::new();
    db.import("base.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let mut ws = WriteSet::new(db.desk.store());
    // Petitioner 1's record, its bytes cut short.
    let key = common::raw_keys::petitioner_key(1);
    ws.put_raw(T::Petitioners, key, vec![1, 0x80]);
    ws.commit().unwrap();
    let e = db.desk.petitioner_card(1).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("petitioners record 1 is damaged: "),
        "{e}"
    );
    let report = db.desk.check().unwrap();
    assert!(!report.is_ok());
    assert!(
        report.problems.iter().any(|p| p.contains("petitioner 1")),
        "{:?}",
        report.problems
    );
}

/// An office database made with the binary, and a file of `n` new
/// petitioners (each on its own ID-number and name bucket, so a bulk write).
fn office_and_import(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let db = dir.join("db");
    let out = command(&db).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let f = write_file(
        dir,
        "office.jsonl",
        &format!("{OFFICE}{INTERCHANGE_EXAMPLE}"),
    );
    let out = command(&db)
        .args(["import", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut lines = String::new();
    for k in 0..n {
        let first = char::from_u32(0x4e00 + (k as u32 * 7) % 20000).unwrap();
        let second = char::from_u32(0x4e00 + (k as u32 * 13) % 20000).unwrap();
        lines.push_str(&format!(
            "{{\"type\":\"petitioner\",\"ref\":\"n{k}\",\"name\":\"{first}{second}\",\"phones\":[\"139{:08}\"]}}\n",
            k * 7919 % 100_000_000
        ));
    }
    (db, write_file(dir, "many.jsonl", &lines))
}

/// `xfdesk ARGS` with its files limited to `bytes` (as a full disk would
/// stop it) and SIGXFSZ ignored, so a write past it fails instead.
fn with_file_limit(db: &Path, bytes: u64, args: &[&str]) -> std::process::Output {
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c")
        .arg(r#"trap "" XFSZ; exec prlimit --fsize="$0" "$@""#)
        .arg(bytes.to_string())
        .arg(command(db).get_program())
        .args(command(db).get_args())
        .args(args)
        .env_remove("XFDESK_DB")
        .env_remove("XFDESK_SOCKET")
        .env("XFDESK_CONFIG", db.with_file_name("no-settings.toml"));
    cmd.output().unwrap()
}

fn sled_file_size(db: &Path) -> u64 {
    std::fs::metadata(db.join("db")).unwrap().len()
}

#[test]
fn a_full_disk_during_an_import_is_said_plainly_and_the_import_is_all_or_nothing() {
    // Full while the journal is written (nothing applied yet), and full while
    // the journal is applied (finished at the next open).
    for (room, outcome) in [(64 << 10, "nothing"), (22 << 20, "finished")] {
        let dir = tempfile::TempDir::new().unwrap();
        let (db, many) = office_and_import(dir.path(), 20_000);
        let before = text(&command(&db).arg("export").output().unwrap().stdout);
        let limit = sled_file_size(&db) + room;
        let out = with_file_limit(&db, limit, &["import", many.to_str().unwrap()]);
        assert!(!out.status.success());
        let said = text(&out.stderr);
        assert!(said.starts_with("xfdesk: database "), "{said}");
        assert!(
            said.contains("the disk is full (file too large); free space"),
            "{said}"
        );
        // The next command opens the database, says what became of the import
        // and finds it whole or absent; nothing before it is lost.
        let out = command(&db).arg("check").output().unwrap();
        assert!(out.status.success(), "{outcome}: {}", text(&out.stderr));
        let after = text(&command(&db).arg("export").output().unwrap().stdout);
        let imported = after.lines().count() - before.lines().count();
        match outcome {
            "nothing" => {
                assert!(said.contains("nothing of the import was saved"), "{said}");
                assert_eq!(after, before);
            }
            _ => {
                assert!(said.contains("do not import it again"), "{said}");
                assert!(
                    text(&out.stderr).contains("an import cut short last time was finished now"),
                    "{}",
                    text(&out.stderr)
                );
                assert_eq!(imported, 20_000);
                for line in before.lines() {
                    assert!(after.contains(line), "{line} kept");
                }
            }
        }
    }
}

#[test]
fn a_database_the_user_may_not_write_is_refused_plainly_and_left_as_it_was() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, many) = office_and_import(dir.path(), 10);
    let before = text(&command(&db).arg("export").output().unwrap().stdout);
    let read_only = |on: bool| {
        let mode = if on { "a-w" } else { "u+w" };
        assert!(std::process::Command::new("chmod")
            .args(["-R", mode])
            .arg(&db)
            .status()
            .unwrap()
            .success());
    };
    read_only(true);
    // Root writes through permissions: then run as nobody, who may not.
    let mut cmd = if nix::unistd::geteuid().is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(command(&db).get_program());
        c
    } else {
        std::process::Command::new(command(&db).get_program())
    };
    let out = cmd
        .arg("--db")
        .arg(&db)
        .args(["import", many.to_str().unwrap()])
        .env("XFDESK_CONFIG", db.with_file_name("no-settings.toml"))
        .output()
        .unwrap();
    read_only(false);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert_eq!(
        said.trim(),
        format!(
            "xfdesk: database {}: cannot write (Permission denied (os error 13)); the database directory must be writable by the user running xfdesk — an office's desks go through `xfdesk serve`",
            db.display()
        )
    );
    assert_eq!(
        text(&command(&db).arg("export").output().unwrap().stdout),
        before
    );
}

/// Every file under `dir`, and `dir` itself, given to `uid`.
fn give_to(dir: &Path, uid: u32) {
    let id = Some(nix::unistd::Uid::from_raw(uid));
    let gid = Some(nix::unistd::Gid::from_raw(uid));
    nix::unistd::chown(dir, id, gid).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            give_to(&path, uid);
        } else {
            nix::unistd::chown(&path, id, gid).unwrap();
        }
    }
}

#[test]
fn a_desk_refuses_a_server_run_by_someone_other_than_the_databases_owner() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: playing another user's server needs root");
        return;
    }
    const NOBODY: u32 = 65534;
    // The office's database, its directory owned by root.
    let office = TestDb::new();
    // Another user's database, served by that user on a socket the desk is
    // pointed at.
    let TestDb { dir: other, desk } = TestDb::new();
    drop(desk);
    give_to(other.path(), NOBODY);
    let fake = common::server::ServerProc::start_as(&other.path().join("db"), NOBODY);
    let out = command(&office.path())
        .arg("--socket")
        .arg(&fake.socket)
        .args(["lookup", "x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "the process answering on {} runs as uid {NOBODY}, but the database directory {} is owned by uid 0; only its owner or root may serve it",
            fake.socket.display(),
            office.path().display()
        )),
        "{err}"
    );
    let (_, log) = fake.terminate();
    assert!(!log.contains("connected"), "{log}");
}
