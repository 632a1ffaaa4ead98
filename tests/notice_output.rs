//! `xfdesk notice` with the real binary (docs/rules.md#written-notices): the
//! DOCX read back, files only new and 0600, the print command's failure and
//! success, and document numbers gapless when two desks issue at once through
//! one server and after the server restarts.

mod common;

use common::bin::{command, text};
use common::server::ServerProc;
use common::{walk_in, write_file, OFFICE};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use xfdesk::domain::notice::date_zh;
use xfdesk::domain::{LedgerNo, NoticeKind};
use xfdesk::service::DeskCalls;

/// The numbering year: the year the notices are issued in.
fn year() -> i32 {
    time::OffsetDateTime::now_utc()
        .to_offset(xfdesk::domain::DEFAULT_TZ)
        .year()
}

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    command(db).args(args).output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// DIR/db with the common office and one walk-in (于营, ID number given),
/// made by the binary; its ledger number.
fn office_with_a_matter(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("db");
    ok(&db, &["init"]);
    let f = write_file(dir, "office.jsonl", OFFICE);
    ok(&db, &["import", f.to_str().unwrap()]);
    let m = write_file(
        dir,
        "matter.jsonl",
        r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","phones":["13800138000"],"town":"370211001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校,上学不便","first_receiver":"zhangli","registered_at":"2026-03-02T09:15:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-02T09:15:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
"#,
    );
    ok(&db, &["import", m.to_str().unwrap()]);
    ok(&db, &["office", "set", "office_name", "青岛市黄岛区信访局"]);
    (db, "2026-000001".into())
}

/// The text of word/document.xml in a DOCX.
fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn a_docx_holds_the_ledger_the_name_the_number_and_the_dates_and_is_written_new_0600() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, ledger) = office_with_a_matter(dir.path());
    let out = dir.path().join("回执.docx");
    let o = out.to_str().unwrap();
    let said = ok(
        &db,
        &["notice", &ledger, "receipt", "--format", "docx", "--out", o],
    );
    assert!(said.contains(&format!("信登〔{}〕1号", year())), "{said}");
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let xml = document_xml(&bytes);
    let today = date_zh(
        time::OffsetDateTime::now_utc()
            .to_offset(xfdesk::domain::DEFAULT_TZ)
            .date(),
    );
    for part in [
        ledger.as_str(),
        "于营",
        &format!("信登〔{}〕1号", year()),
        "2026年3月2日",
        today.as_str(),
    ] {
        assert!(xml.contains(part), "{part} not in document.xml");
    }
    assert!(xml.contains(r#"w:eastAsia="黑体""#) && xml.contains(r#"w:eastAsia="仿宋""#));
    assert!(
        xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
        "A4"
    );
    // The admin running the tests sees whole numbers; the store does not keep them.
    assert!(xml.contains("11010519491231002X"));
    // An existing file is refused, and nothing is issued for it.
    let again = run(
        &db,
        &["notice", &ledger, "receipt", "--format", "docx", "--out", o],
    );
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let nowhere = dir.path().join("no-such-dir").join("x.docx");
    let refused = run(
        &db,
        &[
            "notice",
            &ledger,
            "receipt",
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert!(
        text(&refused.stderr).contains("nothing was issued"),
        "{}",
        text(&refused.stderr)
    );
    let listed = ok(&db, &["notice", &ledger, "--list"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    // A reprint is the same document.
    let re = dir.path().join("again.docx");
    ok(
        &db,
        &[
            "notice",
            &ledger,
            "--reprint",
            &format!("信登〔{}〕1号", year()),
            "--format",
            "docx",
            "--out",
            re.to_str().unwrap(),
        ],
    );
    assert_eq!(document_xml(&std::fs::read(&re).unwrap()), xml);
}

#[test]
fn the_print_command_gets_the_file_and_its_failure_is_reported() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, ledger) = office_with_a_matter(dir.path());
    let no_command = run(&db, &["notice", &ledger, "receipt", "--print"]);
    assert!(
        text(&no_command.stderr).contains("print_command"),
        "{}",
        text(&no_command.stderr)
    );
    ok(&db, &["office", "set", "print_command", "false"]);
    let failed = run(
        &db,
        &["--lang", "en", "notice", &ledger, "receipt", "--print"],
    );
    assert!(!failed.status.success());
    let said = text(&failed.stderr);
    assert!(
        said.contains("the print command failed (false): exit status: 1"),
        "{said}"
    );
    // Issued before printing: the message says so, and how to print it again.
    assert!(
        said.contains(&format!("--reprint 信登〔{}〕1号 --print", year())),
        "{said}"
    );
    let copy = dir.path().join("printed.docx");
    let script = write_file(
        dir.path(),
        "print.sh",
        &format!(
            "#!/bin/sh\nstat -c %a \"$1\" > {0}.mode\ncp \"$1\" {0}\n",
            copy.display()
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    ok(
        &db,
        &["office", "set", "print_command", script.to_str().unwrap()],
    );
    let said = ok(
        &db,
        &["notice", &ledger, "receipt", "--print", "--format", "docx"],
    );
    assert!(said.contains("已送打印"), "{said}");
    assert!(
        document_xml(&std::fs::read(&copy).unwrap()).contains(&format!("信登〔{}〕2号", year()))
    );
    let mode = std::fs::read_to_string(copy.with_extension("docx.mode")).unwrap();
    assert_eq!(mode.trim(), "600");
}

fn receipts(c: &xfdesk::server::Client, ledger: LedgerNo, n: usize) -> Vec<u32> {
    (0..n)
        .map(|_| {
            c.issue_notice(ledger, NoticeKind::Receipt)
                .unwrap()
                .notice
                .seq
        })
        .collect()
}

#[test]
fn numbers_stay_gapless_with_two_desks_at_once_and_across_a_restart() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_a_matter(dir.path());
    let server = ServerProc::start(&db);
    let desks: Vec<_> = (0..2)
        .map(|i| {
            let c = server.connect();
            std::thread::spawn(move || {
                let r = walk_in("来访人", "", "jy", &format!("第{i}件"));
                let ledger = c.register(r).unwrap().ledger;
                receipts(&c, ledger, 15)
            })
        })
        .collect();
    let mut all: Vec<u32> = desks.into_iter().flat_map(|d| d.join().unwrap()).collect();
    all.sort_unstable();
    assert_eq!(all, (1..=30).collect::<Vec<_>>());
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    let server = ServerProc::start(&db);
    let c = server.connect();
    let ledger = LedgerNo::parse("2026-000001").unwrap();
    assert_eq!(receipts(&c, ledger, 1), vec![31]);
    assert_eq!(
        c.issue_notice(ledger, NoticeKind::Receipt)
            .unwrap()
            .notice
            .doc_no,
        format!("信登〔{}〕32号", year())
    );
}

#[test]
fn notices_and_their_numbers_survive_export_import_and_backup_restore() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, ledger) = office_with_a_matter(dir.path());
    ok(&db, &["notice", &ledger, "receipt"]);
    ok(&db, &["notice", &ledger, "receipt"]);
    let first = format!("信登〔{}〕1号", year());
    let before = run(
        &db,
        &[
            "notice",
            &ledger,
            "--deliver",
            &first,
            "--method",
            "post",
            "--on",
            "2026-03-01",
        ],
    );
    assert!(
        text(&before.stderr).contains("before"),
        "{}",
        text(&before.stderr)
    );
    let today = time::OffsetDateTime::now_utc()
        .to_offset(xfdesk::domain::DEFAULT_TZ)
        .date()
        .to_string();
    let said = ok(
        &db,
        &[
            "notice",
            &ledger,
            "--deliver",
            &first,
            "--method",
            "post",
            "--on",
            &today,
        ],
    );
    assert!(
        said.starts_with(&format!("已送达 登记回执 {first}: 邮寄送达 {today}")),
        "{said}"
    );
    let undelivered = ok(&db, &["notice", "--undelivered"]);
    assert_eq!(undelivered.lines().count(), 2, "{undelivered}");
    assert!(undelivered.contains(&format!("信登〔{}〕2号", year())));
    let export = ok(&db, &["export"]);
    assert!(
        export.contains(&format!(
            r#""delivered_method":"post","delivered_at":"{today}T"#
        )),
        "{export}"
    );
    let notice_lines: Vec<&str> = export
        .lines()
        .filter(|l| l.contains(r#""type":"notice""#))
        .collect();
    assert_eq!(notice_lines.len(), 2, "{export}");
    // The admin saw the whole number; the line keeps the mark in its place.
    assert!(
        !notice_lines[0].contains("11010519491231002X"),
        "{}",
        notice_lines[0]
    );
    assert!(notice_lines[0].contains("\u{E000}id_number_whole\u{E001}"));
    let file = write_file(dir.path(), "export.jsonl", &export);
    let other = dir.path().join("other");
    ok(&other, &["init"]);
    ok(&other, &["import", file.to_str().unwrap()]);
    assert_eq!(ok(&other, &["export"]), export, "export → import → export");
    let next = ok(&other, &["notice", &ledger, "receipt"]);
    assert!(next.contains(&format!("信登〔{}〕3号", year())), "{next}");

    let backup = dir.path().join("b.jsonl");
    ok(&db, &["backup", backup.to_str().unwrap()]);
    let restored = dir.path().join("restored");
    ok(&restored, &["restore", backup.to_str().unwrap()]);
    assert_eq!(
        ok(&restored, &["notice", &ledger, "--list"]),
        ok(&db, &["notice", &ledger, "--list"])
    );
    // The office's notice settings come back with it.
    assert_eq!(ok(&restored, &["office"]), ok(&db, &["office"]));
    assert!(ok(&restored, &["office"]).contains("office_name = 青岛市黄岛区信访局"));
    let next = ok(&restored, &["notice", &ledger, "receipt"]);
    assert!(next.contains(&format!("信登〔{}〕3号", year())), "{next}");
}

#[test]
fn a_bad_notice_line_is_refused_by_line_and_nothing_is_imported() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, ledger) = office_with_a_matter(dir.path());
    ok(&db, &["notice", &ledger, "receipt"]);
    let export = ok(&db, &["export"]);
    let line = export
        .lines()
        .find(|l| l.contains(r#""type":"notice""#))
        .unwrap()
        .replace(&format!("\"m{ledger}\""), &format!("\"{ledger}\""));
    let whole = line
        .replace("\\u{E000}id_number_whole\\u{E001}", "11010519491231002X")
        .replace("\u{E000}id_number_whole\u{E001}", "11010519491231002X")
        .replace(r#""number":1"#, r#""number":7"#);
    let unknown = line
        .replace(&ledger, "2026-000099")
        .replace(r#""number":1"#, r#""number":8"#);
    let taken = line.to_string();
    let f = write_file(
        dir.path(),
        "bad.jsonl",
        &format!("{whole}\n{unknown}\n{taken}\n"),
    );
    let out = run(&db, &["--lang", "en", "import", f.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    let name = f.display();
    for expected in [
        format!("{name}:1: text: holds a whole ID number"),
        format!("{name}:2: matter: no matter with ledger number 2026-000099"),
        format!(
            "{name}:3: number: receipt number 1 of {} is already another notice's",
            year()
        ),
    ] {
        assert!(said.contains(&expected), "{expected} in {said}");
    }
    assert_eq!(ok(&db, &["notice", &ledger, "--list"]).lines().count(), 2);
}
