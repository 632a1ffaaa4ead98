//! The audit trail (docs/rules.md#audit-trail): every write and every look at a whole number or
//! a full history leaves an entry; supervisors and admins query it by login,
//! petitioner (their matters included) and local dates.

mod common;

use common::bin::{text, xfdesk};

use common::{audit_trail, id_number, input, run_when_unlocked, walk_in, TestDb, TOWN};
use std::collections::BTreeSet;
use time::macros::{date, datetime};
use time::OffsetDateTime;
use xfdesk::domain::{AuditEntry, LedgerNo, Step};
use xfdesk::service::audit::AuditFilter;
use xfdesk::service::register::{MatterChoice, Person, Registration};
use xfdesk::service::{current_unix_user, ServiceError};

// Years ahead of the machine's clock, so the entry of `init` (dated by it)
// never falls in a period asked for here.
const T1: OffsetDateTime = datetime!(2030-03-02 09:00 +8);
/// Late on 3 March at the desk, still 3 March in UTC.
const T2: OffsetDateTime = datetime!(2030-03-03 23:30 +8);
/// Just after midnight on 4 March at the desk, but 3 March in UTC.
const T3: OffsetDateTime = datetime!(2030-03-04 00:10 +8);
const T4: OffsetDateTime = datetime!(2030-03-05 10:00 +8);

const YU: &str = "11010519491231002X";

/// Twelve people on file: petitioner 1 is 于营 (ID `YU`), petitioner 12 is
/// 李十二, so a careless match of "petitioner 1" would also find 12.
fn people() -> String {
    let mut lines = format!(
        r#"{{"type":"petitioner","ref":"p1","name":"于营","id_number":"{YU}","phones":["13800138000"]}}"#
    );
    lines.push('\n');
    for i in 2..12 {
        lines.push_str(&format!(
            "{{\"type\":\"petitioner\",\"ref\":\"p{i}\",\"name\":\"路人{i}\"}}\n"
        ));
    }
    lines.push_str(&format!(
        r#"{{"type":"petitioner","ref":"p12","name":"李十二","id_number":"{}"}}"#,
        twelve()
    ));
    lines.push('\n');
    lines
}

fn twelve() -> String {
    id_number("37021119800101002")
}

/// A new matter of `category` for petitioner `who`, at the county desk.
fn visit(who: u64, category: &str) -> Registration {
    let mut r = walk_in("", "", category, "新的诉求");
    r.person = Person::Existing(who);
    if let MatterChoice::New(m) = &mut r.matter {
        m.town = Some(TOWN.into());
    }
    r
}

/// The office at work from T1 to T4: zhangli registers a matter for 于营,
/// chenjing one for 李十二 late on the 3rd, lijun accepts 于营's just after
/// midnight while chenjing opens both cards, and on the 5th lijun reveals
/// 李十二's numbers.
fn scenario() -> TestDb {
    let mut db = TestDb::office(&people(), T1, "zhangli");
    assert_eq!(db.desk.register(&visit(1, "jy")).unwrap().ledger, ledger(1));
    db.set_now(T2);
    db.as_user("chenjing").register(&visit(12, "cxjs")).unwrap();
    db.set_now(T3);
    db.as_user("lijun")
        .act(ledger(1), &input(Step::Accept, &[("unit", "jtj")]))
        .unwrap();
    for id in [1, 12] {
        db.as_user("chenjing").petitioner_card(id).unwrap().unwrap();
    }
    db.set_now(T4);
    db.as_user("lijun").reveal(12).unwrap();
    db
}

fn ledger(seq: u32) -> LedgerNo {
    LedgerNo { year: 2030, seq }
}

/// Entries as (by, record, what) for comparing.
fn brief(entries: &[AuditEntry]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| (e.by.clone(), e.record.clone(), e.what.clone()))
        .collect()
}

fn query(db: &mut TestDb, filter: AuditFilter) -> Vec<(String, String, String)> {
    brief(&db.as_user("lijun").audit_query(&filter).unwrap())
}

fn entry(by: &str, record: &str, what: &str) -> (String, String, String) {
    (by.into(), record.into(), what.into())
}

const REGISTERED_1: &str = "registered contact 1 (visit, county) for petitioner 1, new matter";
const REGISTERED_12: &str = "registered contact 2 (visit, county) for petitioner 12, new matter";
const ACCEPTED: &str = "accept → in_progress, kind appeal, unit jtj";
const VIEWED: &str = "viewed full history";
const REVEALED: &str = "revealed ID number and phones";

#[test]
fn the_whole_trail_reads_oldest_first_and_names_who_what_and_which_record() {
    let mut db = scenario();
    let all = db.as_admin().audit_query(&AuditFilter::default()).unwrap();
    assert_eq!(all, audit_trail(&db), "no filter: every entry");
    let admin = current_unix_user();
    assert_eq!(
        brief(&all),
        [
            entry(&admin, &format!("staff {admin}"), "created the database with this admin"),
            entry(&admin, "import", "imported 14 reference records, 12 petitioners, 0 matters, 0 contacts, 0 events from office.jsonl"),
            entry(&admin, "staff zhangli", "imported: added: 张丽, receptionist, unit xfj"),
            entry(&admin, "staff chenjing", "imported: added: 陈静, receptionist, unit xfj"),
            entry(&admin, "staff wangwei", "imported: added: 王伟, handler, unit jtj"),
            entry(&admin, "staff sunli", "imported: added: 孙立, handler, unit zrj"),
            entry(&admin, "staff lijun", "imported: added: 李军, supervisor, unit xfj"),
            entry(&admin, "staff zhaomin", "imported: added: 赵敏, leader"),
            entry("zhangli", "matter 2030-000001", REGISTERED_1),
            entry("chenjing", "matter 2030-000002", REGISTERED_12),
            entry("lijun", "matter 2030-000001", ACCEPTED),
            entry("chenjing", "petitioner 1", VIEWED),
            entry("chenjing", "petitioner 12", VIEWED),
            entry("lijun", "petitioner 12", REVEALED),
        ]
    );
    let times: Vec<i64> = all[1..].iter().map(|e| e.at.0).collect();
    let want: Vec<i64> = [[T1; 8].as_slice(), &[T2, T3, T3, T3, T4]]
        .concat()
        .iter()
        .map(|t| t.unix_timestamp())
        .collect();
    assert_eq!(times, want, "each entry dated when it happened");
}

#[test]
fn a_petitioner_is_found_with_their_matters_and_never_with_a_longer_number() {
    let mut db = scenario();
    // A lower-case x and full-width digits, as typed at a desk.
    let typed = "１１０１０５１９４９１２３１００２x";
    let mine = query(
        &mut db,
        AuditFilter {
            petitioner: Some(typed.into()),
            ..Default::default()
        },
    );
    assert_eq!(
        mine,
        [
            entry("zhangli", "matter 2030-000001", REGISTERED_1),
            entry("lijun", "matter 2030-000001", ACCEPTED),
            entry("chenjing", "petitioner 1", VIEWED),
        ]
    );
    let twelves = query(
        &mut db,
        AuditFilter {
            petitioner: Some(twelve()),
            ..Default::default()
        },
    );
    assert_eq!(
        twelves,
        [
            entry("chenjing", "matter 2030-000002", REGISTERED_12),
            entry("chenjing", "petitioner 12", VIEWED),
            entry("lijun", "petitioner 12", REVEALED),
        ]
    );
    let both = query(
        &mut db,
        AuditFilter {
            petitioner: Some(twelve()),
            login: Some("lijun".into()),
            ..Default::default()
        },
    );
    assert_eq!(both, [entry("lijun", "petitioner 12", REVEALED)]);
}

#[test]
fn logins_and_local_dates_select_entries_with_both_ends_inclusive() {
    let mut db = scenario();
    let by_chenjing = query(
        &mut db,
        AuditFilter {
            login: Some("chenjing".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        by_chenjing,
        [
            entry("chenjing", "matter 2030-000002", REGISTERED_12),
            entry("chenjing", "petitioner 1", VIEWED),
            entry("chenjing", "petitioner 12", VIEWED),
        ]
    );
    let day = |from, to| AuditFilter {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    // 23:30 on the 3rd and 00:10 on the 4th are both the 3rd in UTC: the
    // desk's zone puts them on either side of midnight.
    let third = query(&mut db, day(date!(2030 - 03 - 03), date!(2030 - 03 - 03)));
    assert_eq!(
        third,
        [entry("chenjing", "matter 2030-000002", REGISTERED_12)]
    );
    let fourth = query(&mut db, day(date!(2030 - 03 - 04), date!(2030 - 03 - 04)));
    assert_eq!(
        fourth,
        [
            entry("lijun", "matter 2030-000001", ACCEPTED),
            entry("chenjing", "petitioner 1", VIEWED),
            entry("chenjing", "petitioner 12", VIEWED),
        ]
    );
    let span = query(&mut db, day(date!(2030 - 03 - 02), date!(2030 - 03 - 05)));
    assert_eq!(
        span.len(),
        13,
        "import and its 6 staff, 2 registrations, accept, 2 views, reveal"
    );
    let from_fifth = query(
        &mut db,
        AuditFilter {
            from: Some(date!(2030 - 03 - 05)),
            ..Default::default()
        },
    );
    assert_eq!(from_fifth, [entry("lijun", "petitioner 12", REVEALED)]);
}

#[test]
fn a_matter_is_found_by_its_ledger_number_with_only_its_own_entries() {
    let mut db = scenario();
    let about = |db: &mut TestDb, typed: &str| {
        query(
            db,
            AuditFilter {
                matter: Some(typed.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(
        about(&mut db, "2030-000001"),
        [
            entry("zhangli", "matter 2030-000001", REGISTERED_1),
            entry("lijun", "matter 2030-000001", ACCEPTED),
        ]
    );
    assert_eq!(
        about(&mut db, " 2030-000002 "),
        [entry("chenjing", "matter 2030-000002", REGISTERED_12)]
    );
    let by_lijun = query(
        &mut db,
        AuditFilter {
            matter: Some("2030-000001".into()),
            login: Some("lijun".into()),
            ..Default::default()
        },
    );
    assert_eq!(by_lijun, [entry("lijun", "matter 2030-000001", ACCEPTED)]);

    let desk = db.as_user("lijun");
    let ask = |typed: &str| {
        desk.audit_query(&AuditFilter {
            matter: Some(typed.into()),
            ..Default::default()
        })
    };
    let unknown = ask("2030-000099");
    assert!(
        matches!(&unknown, Err(ServiceError::NotFound(m)) if m == "matter 2030-000099"),
        "{unknown:?}"
    );
    let typo = ask("2030-77");
    assert!(matches!(typo, Err(ServiceError::Invalid(_))), "{typo:?}");
    // A receptionist may not read the trail, by matter or otherwise.
    let refused = db.as_user("zhangli").audit_query(&AuditFilter {
        matter: Some("2030-000001".into()),
        ..Default::default()
    });
    assert!(
        matches!(refused, Err(ServiceError::Forbidden { .. })),
        "{refused:?}"
    );
}

#[test]
fn an_unknown_login_or_person_and_a_backward_period_are_errors_not_empty_answers() {
    let mut db = scenario();
    let desk = db.as_user("lijun");
    let ask = |f: AuditFilter| desk.audit_query(&f);
    let nobody = ask(AuditFilter {
        login: Some("nobody".into()),
        ..Default::default()
    });
    assert!(
        matches!(nobody, Err(ServiceError::NotFound(_))),
        "{nobody:?}"
    );
    let stranger = ask(AuditFilter {
        petitioner: Some(id_number("44030019900101001")),
        ..Default::default()
    });
    assert!(
        matches!(stranger, Err(ServiceError::NotFound(_))),
        "{stranger:?}"
    );
    let typo = ask(AuditFilter {
        petitioner: Some("110105194912310021".into()),
        ..Default::default()
    });
    assert!(
        matches!(&typo, Err(ServiceError::Invalid(m)) if m.contains("check character")),
        "{typo:?}"
    );
    let backward = ask(AuditFilter {
        from: Some(date!(2030 - 03 - 05)),
        to: Some(date!(2030 - 03 - 01)),
        ..Default::default()
    });
    assert!(
        matches!(backward, Err(ServiceError::Invalid(_))),
        "{backward:?}"
    );
}

#[test]
fn every_kind_of_write_is_audited() {
    let mut db = scenario();
    let before = audit_trail(&db).len();
    let desk = db.as_admin();
    desk.set_holidays(BTreeSet::from([date!(2030 - 10 - 01)]).into())
        .unwrap();
    desk.set_stat_start_day(21).unwrap();
    let mut out = Vec::new();
    desk.export(&mut out, "backup.jsonl").unwrap();
    db.import(
        "more.jsonl",
        r#"{"type":"category","code":"ny","name":"农业农村"}"#,
    )
    .unwrap();
    let admin = current_unix_user();
    let added: Vec<(String, String)> = audit_trail(&db)[before..]
        .iter()
        .map(|e| (e.by.clone(), e.record.clone()))
        .collect();
    let want: Vec<(String, String)> = ["holidays", "settings", "export", "export", "import"]
        .iter()
        .map(|r| (admin.clone(), r.to_string()))
        .collect();
    assert_eq!(added, want);
    let trail = audit_trail(&db);
    let whats: Vec<&str> = trail[before..].iter().map(|e| e.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "holiday list replaced: 1 holidays, 0 workdays; 2 open matters re-dated",
            "statistical month starts on day 21 (was 1)",
            "export started to backup.jsonl",
            &format!("exported {} lines to backup.jsonl", out.split(|b| *b == b'\n').count() - 1),
            "imported 1 reference records, 0 petitioners, 0 matters, 0 contacts, 0 events from more.jsonl",
        ]
    );
}

#[test]
fn the_audit_command_prints_desk_times_as_a_table_or_json() {
    let db = scenario();
    let path = db.path();
    let TestDb { dir, desk } = db;
    drop(desk);

    let out = run_when_unlocked(|| xfdesk(&path, &["audit", "--petitioner", YU]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "a header and three entries: {table}");
    assert!(
        lines[0].contains("时间") && lines[0].contains("操作人"),
        "{table}"
    );
    // 09:00 at the desk (01:00 UTC), in the desk's zone.
    assert!(
        lines[1].starts_with("2030-03-02 09:00:00") && lines[1].contains("zhangli"),
        "{table}"
    );
    assert!(lines[2].starts_with("2030-03-04 00:10:00"), "{table}");
    assert!(!table.contains("petitioner 12"), "{table}");

    let out = xfdesk(
        &path,
        &[
            "audit",
            "--login",
            "chenjing",
            "--from",
            "2030-03-04",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = v.as_array().unwrap();
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(v[0]["at"], "2030-03-04T00:10:00+08:00");
    assert_eq!(v[0]["by"], "chenjing");
    assert_eq!(v[0]["record"], "petitioner 1");
    assert_eq!(v[1]["what"], VIEWED);
    let mut keys: Vec<&String> = v[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["at", "by", "record", "what"]);

    let none = xfdesk(&path, &["--lang", "en", "audit", "--from", "2031-01-01"]);
    assert_eq!(text(&none.stdout).trim(), "no audit entries match");

    for bad in [
        &["audit", "--from", "2030-02-30"][..],
        &["audit", "--from", "2030-03-05", "--to", "2030-03-01"],
    ] {
        assert_eq!(xfdesk(&path, bad).status.code(), Some(2), "{bad:?}");
    }
    let out = xfdesk(&path, &["audit", "--login", "nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("\"nobody\""),
        "{}",
        text(&out.stderr)
    );
    drop(dir);
}

#[test]
fn a_file_name_cannot_forge_a_line_of_the_trail_or_carry_an_escape() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let forged = "e.jsonl\n2026-12-01 08:00:00  hejun  export  exported everything \u{1b}]0;x\u{7}";
    let out = xfdesk(
        &db,
        &["export", "--out", dir.path().join(forged).to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&xfdesk(&db, &["--lang", "en", "audit"]).stdout);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table:?}"
    );
    assert!(
        !table
            .lines()
            .any(|l| l.starts_with("2026-12-01 08:00:00  hejun")),
        "a forged line: {table}"
    );
    assert!(
        table.contains(r"e.jsonl\n2026-12-01"),
        "the name, escaped: {table}"
    );
    let json = text(&xfdesk(&db, &["audit", "--json"]).stdout);
    assert!(
        !json.contains(r"\u001b") && !json.contains('\u{1b}'),
        "{json}"
    );
    let entries: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(entries.iter().all(|e| e["by"] != "hejun"));
}

/// Takes `left` bytes, then fails as a closed pipe does.
struct StopsAfter {
    left: usize,
}

impl std::io::Write for StopsAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_export_is_on_record_before_its_first_byte_even_when_its_reader_stops() {
    let db = TestDb::new();
    db.import("spec.jsonl", common::INTERCHANGE_EXAMPLE)
        .unwrap();
    let before = audit_trail(&db).len();
    // `xfdesk export | head -n 3`: the reader goes after a few lines.
    let mut out = StopsAfter { left: 200 };
    let err = db.desk.export(&mut out, "stdout").unwrap_err();
    assert!(err.to_string().contains("stdout"), "{err}");
    let trail = audit_trail(&db);
    let added: Vec<(&str, &str)> = trail[before..]
        .iter()
        .map(|e| (e.record.as_str(), e.what.as_str()))
        .collect();
    assert_eq!(added.len(), 2, "{added:?}");
    assert_eq!(added[0], ("export", "export started to stdout"));
    assert_eq!(added[1].0, "export");
    assert!(
        added[1].1.starts_with("export to stdout stopped after ") && added[1].1.contains("lines"),
        "{added:?}"
    );
    assert!(trail[before..].iter().all(|e| e.by == current_unix_user()));
}
