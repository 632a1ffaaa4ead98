//! The key-case lines of docs/interchange.md: imported all or nothing with
//! each problem named by file, line and field; exported and imported again
//! byte for byte; kept by a backup and its restore.

mod common;

use common::{integrity, TestDb, INTERCHANGE_EXAMPLE};
use time::macros::{date, datetime};
use xfdesk::domain::case::CaseStatus;
use xfdesk::domain::LedgerNo;
use xfdesk::service::{current_unix_user, Desk, ServiceError};
use xfdesk::store::OpenOptions;

const M1: LedgerNo = LedgerNo { year: 2026, seq: 1 };

/// The office of the example, a leader, a supervisor and two more units,
/// then the key-case lines of docs/interchange.md.
fn office_lines() -> String {
    format!(
        "{INTERCHANGE_EXAMPLE}{}",
        r#"{"type":"unit","code":"zjj","name":"区住建局"}
{"type":"unit","code":"rsj","name":"区人社局"}
{"type":"staff","login":"sunhao","name":"孙浩","role":"leader"}
{"type":"staff","login":"chenjing","name":"陈静","role":"supervisor","unit":"xfj"}
"#
    )
}

const CASE_LINES: &str = r#"{"type":"case","matter":"m1","source":"assigned","assigned_by":"市信访局","assigned_no":"青信交〔2026〕8号","leader":"sunhao","measures":"联合住建部门现场核查","due":"2026-05-31","unit":"zjj","owner":"wangwei","opened":"2026-03-05"}
{"type":"case_log","matter":"m1","at":"2026-03-10T09:00:00+08:00","kind":"investigate","by":"sunhao","note":"现场调查"}
{"type":"case_status","matter":"m1","at":"2026-05-20T09:00:00+08:00","status":"resolved","by":"sunhao"}
{"type":"supervision","matter":"m1","kind":"directive","level":"county","unit":"zjj","issued":"2026-04-01","reply_due":"2026-04-15","replied":"2026-04-12","by":"chenjing"}
{"type":"reception_day","date":"2026-03-16","leader":"sunhao","place":"县群众来访接待中心","units":["zjj","rsj"]}
"#;

fn imported() -> TestDb {
    let db = TestDb::new();
    let text = format!("{}{CASE_LINES}", office_lines());
    let summary = db.import("cases.jsonl", &text).unwrap();
    assert_eq!(summary.case_lines, 5);
    db
}

#[test]
fn the_lines_of_the_format_import_as_records() {
    let db = imported();
    let c = db.desk.case(M1).unwrap().unwrap();
    assert_eq!(c.leader, "sunhao");
    assert_eq!(c.assigned_no.as_deref(), Some("青信交〔2026〕8号"));
    assert_eq!(c.status, CaseStatus::Resolved);
    assert_eq!(c.log.len(), 1);
    let s = db.desk.store().supervision(1).unwrap().unwrap();
    assert_eq!(s.replied, Some(date!(2026 - 04 - 12)));
    let days = db
        .desk
        .reception_days(date!(2026 - 03 - 16), date!(2026 - 03 - 16))
        .unwrap();
    assert_eq!(days[0].units, ["zjj", "rsj"]);
    assert!(
        integrity(&db.desk).is_ok(),
        "{:?}",
        integrity(&db.desk).problems
    );
}

#[test]
fn export_import_export_is_the_same_bytes() {
    let db = imported();
    let first = db.export();
    for kind in [
        "case",
        "case_log",
        "case_status",
        "supervision",
        "reception_day",
    ] {
        assert!(first.contains(&format!("{{\"type\":\"{kind}\"")), "{kind}");
    }
    let again = TestDb::new();
    again.import("export.jsonl", &first).unwrap();
    assert_eq!(again.export(), first);
}

#[test]
fn every_problem_is_named_by_line_and_field_and_nothing_is_imported() {
    let db = TestDb::new();
    let bad = r#"{"type":"case","matter":"m9","source":"screened","leader":"nobody","measures":"x","due":"2026-05-31","unit":"zjj","owner":"wangwei","opened":"2026-03-05"}
{"type":"case_log","matter":"m1","at":"2026-03-10T09:00:00+08:00","kind":"investigate","by":"sunhao","note":"现场调查"}
{"type":"case","matter":"m1","source":"screened","leader":"sunhao","measures":"x","due":"2026-05-31","unit":"zjj","owner":"wangwei","opened":"2026-03-05"}
{"type":"case_status","matter":"m1","at":"2026-05-20T09:00:00+08:00","status":"cleared","by":"chenjing"}
{"type":"supervision","matter":"m1","kind":"reminder","level":"county","unit":"zjj","issued":"2026-04-01","reply_due":"2026-04-15","by":"chenjing"}
{"type":"reception_day","date":"2026-13-16","leader":"sunhao","place":"中心","units":["nope"]}
"#;
    let text = format!("{}{bad}", office_lines());
    let head = office_lines().lines().count();
    let e = db.import("bad.jsonl", &text).unwrap_err();
    let ServiceError::Import(problems) = &e else {
        panic!("{e}")
    };
    let got: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let at = |n: usize, rest: &str| format!("bad.jsonl:{}: {rest}", head + n);
    let want = [
        at(1, "matter: no matter with ref \"m9\" in this import"),
        at(1, "leader: no staff member with login \"nobody\""),
        at(
            4,
            "status: the case of matter m1 is open; it cannot become cleared",
        ),
        at(
            5,
            "reply_due: a reminder (提醒函) is not 挂牌 at a level; only a directive is",
        ),
        at(
            6,
            "date: \"2026-13-16\" is not a date of the form YYYY-MM-DD",
        ),
        at(6, "unit: no unit with code \"nope\""),
    ];
    for w in &want {
        assert!(got.contains(w), "{w}\nnot in\n{}", got.join("\n"));
    }
    // The log before its case (line 2) is fine: lines are judged by kind.
    assert!(
        !got.iter().any(|g| g.contains(&format!(":{}:", head + 2))),
        "{got:?}"
    );
    assert!(
        db.desk.matter(M1).unwrap().is_none(),
        "nothing was imported"
    );
}

#[test]
fn a_log_needs_a_case_and_a_case_a_matter_on_file() {
    let db = TestDb::new();
    db.import("office.jsonl", &office_lines()).unwrap();
    let log = r#"{"type":"case_log","matter":"2026-000001","at":"2026-03-10T09:00:00+08:00","kind":"handle","by":"sunhao","note":"x"}
{"type":"case","matter":"2026-000009","source":"screened","leader":"sunhao","measures":"x","due":"2026-05-31","unit":"zjj","owner":"wangwei","opened":"2026-03-05"}
"#;
    let e = db.import("more.jsonl", log).unwrap_err().to_string();
    assert!(
        e.contains("more.jsonl:1: matter: matter 2026-000001 has no key case"),
        "{e}"
    );
    assert!(
        e.contains("more.jsonl:2: matter: no matter with ledger number 2026-000009"),
        "{e}"
    );
    // On file, a later file adds to the case.
    let case = CASE_LINES
        .lines()
        .next()
        .unwrap()
        .replace("\"m1\"", "\"2026-000001\"");
    db.import("case.jsonl", &format!("{case}\n")).unwrap();
    db.import("log.jsonl", log.lines().next().unwrap()).unwrap();
    assert_eq!(db.desk.case(M1).unwrap().unwrap().log.len(), 1);
}

#[test]
fn a_backup_restores_the_cases_letters_and_rota() {
    let mut db = imported();
    db.set_now(datetime!(2026-06-01 10:00 +8));
    db.as_user("chenjing").clear_case(M1, "息诉罢访").unwrap();
    db.as_admin();
    let before = db.export();
    let backup = db.dir.path().join("backup.jsonl");
    let mut out = Vec::new();
    db.desk.backup(&mut out, "backup.jsonl").unwrap();
    std::fs::write(&backup, out).unwrap();
    let dest = db.dir.path().join("restored");
    xfdesk::service::restore::restore(
        &backup,
        &dest,
        &OpenOptions::default(),
        &current_unix_user(),
    )
    .unwrap();
    let restored = common::retry_while_locked(|| {
        Desk::open(&dest, &OpenOptions::default(), &current_unix_user())
    })
    .unwrap();
    let c = restored.case(M1).unwrap().unwrap();
    assert_eq!(c.status, CaseStatus::Cleared);
    assert_eq!(
        c.changes.last().unwrap().reason.as_deref(),
        Some("息诉罢访")
    );
    assert_eq!(
        restored.store().supervision(1).unwrap().unwrap().unit,
        "zjj"
    );
    let mut again = Vec::new();
    restored.export(&mut again, "x").unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), before);
    assert!(integrity(&restored).is_ok());
}

#[test]
fn an_export_imported_again_is_refused_as_already_there() {
    let db = imported();
    let export = db.export();
    let e = db.import("again.jsonl", &export).unwrap_err();
    assert!(matches!(e, ServiceError::AlreadyThere(_)), "{e}");
}

#[test]
fn report_cases_as_json_from_the_command_line() {
    use common::bin::{text, xfdesk};
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    let file = common::write_file(
        dir.path(),
        "cases.jsonl",
        &format!("{}{CASE_LINES}", office_lines()),
    );
    assert!(xfdesk(&db, &["init"]).status.success());
    let out = xfdesk(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let args = [
        "report",
        "cases",
        "--from",
        "2026-05-01",
        "--to",
        "2026-05-31",
    ];
    let out = xfdesk(&db, &[&args[..], &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let row = |by: &str, who: &str| {
        format!(
            r#"{{"by":"{by}","who":"{who}","open":0,"opened":0,"resolved":1,"cleared":0,"overdue":0,"resolution":{{"num":1,"den":1}}}}"#
        )
    };
    assert_eq!(
        text(&out.stdout),
        format!("[{},{}]\n", row("leader", "sunhao"), row("unit", "zjj"))
    );
    let out = xfdesk(&db, &["case", "list", "--all", "--as-of", "2026-06-01"]);
    let listed = text(&out.stdout);
    assert!(
        listed.contains("2026-000001") && listed.contains("化解"),
        "{listed}"
    );
}
