//! Staff management (docs/rules.md#permissions): admins add people, disable and re-enable
//! logins and change roles, each change audited; a disabled login is refused
//! with the admins to ask named; nobody locks the office out of its staff list.

mod common;

use common::bin::{text, xfdesk};

use common::{audit_trail, run_when_unlocked, walk_in, write_file, TestDb, INTERCHANGE_EXAMPLE};
use time::macros::datetime;
use time::OffsetDateTime;
use xfdesk::domain::{Role, Staff};
use xfdesk::service::staff::StaffError;
use xfdesk::service::{current_unix_user, ServiceError};
use xfdesk::store::{WriteSet, T};

const NOW: OffsetDateTime = datetime!(2026-03-10 09:00 +8);

/// The office with a disabled receptionist, 老王, acting as its admin.
fn office() -> TestDb {
    let laowang = r#"{"type":"staff","login":"laowang","name":"老王","role":"receptionist","unit":"xfj","disabled":true}
"#;
    let mut db = TestDb::office(laowang, NOW, "zhangli");
    db.as_admin();
    db
}

fn staff_error(r: Result<Staff, ServiceError>) -> StaffError {
    match r {
        Err(ServiceError::Staff(e)) => e,
        other => panic!("expected a staff refusal: {other:?}"),
    }
}

fn last_audit(db: &TestDb) -> (String, String, String) {
    let e = audit_trail(db).pop().unwrap();
    (e.by, e.record, e.what)
}

#[test]
fn an_admin_adds_a_person_who_can_then_work_at_the_desk() {
    let mut db = office();
    let added = db
        .desk
        .staff_add("liuyang", " 刘洋 ", Role::Receptionist, Some("xfj"))
        .unwrap();
    let want = Staff {
        login: "liuyang".into(),
        name: "刘洋".into(),
        role: Role::Receptionist,
        unit: Some("xfj".into()),
        disabled: false,
    };
    assert_eq!(added, want);
    assert_eq!(
        last_audit(&db),
        (
            current_unix_user(),
            "staff liuyang".into(),
            "added: 刘洋, receptionist, unit xfj".into()
        )
    );
    let list = db.desk.staff_list().unwrap();
    assert!(list.contains(&want), "{list:?}");
    let logins: Vec<&str> = list.iter().map(|s| s.login.as_str()).collect();
    let mut sorted = logins.clone();
    sorted.sort();
    assert_eq!(logins, sorted, "by login");
    let r = db
        .as_user("liuyang")
        .register(&walk_in("于营", "", "jy", "学校"))
        .unwrap();
    let m = db.desk.store().matter(r.ledger).unwrap().unwrap();
    assert_eq!(m.first_receiver, "liuyang");
    db.as_admin()
        .staff_add("_audit-2", "审计账户", Role::Leader, None)
        .unwrap();
    assert_eq!(last_audit(&db).2, "added: 审计账户, leader");
}

#[test]
fn a_new_login_is_a_unix_user_name_not_yet_on_the_list_in_a_unit_on_file() {
    let db = office();
    let before = (db.desk.staff_list().unwrap(), audit_trail(&db));
    let long = "a".repeat(33);
    for bad in ["", "Zhang", "1abc", "-x", "zhang li", "张丽", "li$", &long] {
        let e = staff_error(db.desk.staff_add(bad, "某人", Role::Handler, None));
        assert_eq!(e, StaffError::BadLogin(bad.to_string()));
    }
    let e = staff_error(db.desk.staff_add("zhangli", "张丽", Role::Handler, None));
    assert_eq!(
        e,
        StaffError::Exists {
            login: "zhangli".into(),
            disabled: false
        }
    );
    let e = staff_error(db.desk.staff_add("laowang", "老王", Role::Handler, None));
    assert!(
        e.to_string().contains("disabled (xfdesk staff enable)"),
        "a disabled login is re-enabled, not added again: {e}"
    );
    let e = staff_error(
        db.desk
            .staff_add("liuyang", "刘洋", Role::Handler, Some("xyz")),
    );
    assert_eq!(e, StaffError::NoUnit("xyz".into()));
    let e = staff_error(
        db.desk
            .staff_add("liuyang", " \u{202e} ", Role::Handler, None),
    );
    assert_eq!(e, StaffError::BadName, "a name of controls only is empty");
    assert_eq!(
        (db.desk.staff_list().unwrap(), audit_trail(&db)),
        before,
        "nothing written"
    );
    db.desk
        .staff_add(&"a".repeat(32), "长名", Role::Handler, None)
        .unwrap();
}

#[test]
fn roles_change_and_logins_are_disabled_and_enabled_each_audited() {
    let mut db = office();
    let admin = current_unix_user();
    let desk = &db.desk;
    assert_eq!(
        desk.staff_role("zhangli", Role::Handler).unwrap().role,
        Role::Handler
    );
    assert_eq!(
        last_audit(&db),
        (
            admin.clone(),
            "staff zhangli".into(),
            "role handler (was receptionist)".into()
        )
    );
    let desk = &db.desk;
    let e = staff_error(desk.staff_role("zhangli", Role::Handler));
    assert!(matches!(e, StaffError::SameRole { .. }), "{e}");
    assert!(desk.staff_disable("zhangli").unwrap().disabled);
    assert_eq!(last_audit(&db).2, "disabled");
    let desk = &db.desk;
    assert_eq!(
        staff_error(desk.staff_disable("zhangli")),
        StaffError::AlreadyDisabled("zhangli".into())
    );
    assert!(!desk.staff_enable("laowang").unwrap().disabled);
    assert_eq!(last_audit(&db).1, "staff laowang");
    assert_eq!(last_audit(&db).2, "re-enabled");
    let desk = &db.desk;
    assert_eq!(
        staff_error(desk.staff_enable("laowang")),
        StaffError::AlreadyActive("laowang".into())
    );
    for r in [
        desk.staff_disable("nobody"),
        desk.staff_enable("nobody"),
        desk.staff_role("nobody", Role::Admin),
    ] {
        assert_eq!(staff_error(r), StaffError::NotStaff("nobody".into()));
    }
    db.as_user("laowang");
    let gone = db.desk.switch_user("zhangli");
    assert!(
        matches!(&gone, Err(ServiceError::Disabled { login, .. }) if login == "zhangli"),
        "{gone:?}"
    );
}

#[test]
fn an_admin_never_disables_or_demotes_their_own_login() {
    let mut db = office();
    let me = current_unix_user();
    let before = audit_trail(&db);
    assert_eq!(
        staff_error(db.desk.staff_disable(&me)),
        StaffError::OwnLogin
    );
    assert_eq!(
        staff_error(db.desk.staff_role(&me, Role::Supervisor)),
        StaffError::OwnLogin
    );
    // With a second admin it is still another admin's job.
    db.desk.staff_role("lijun", Role::Admin).unwrap();
    assert_eq!(
        staff_error(db.desk.staff_disable(&me)),
        StaffError::OwnLogin
    );
    let after = audit_trail(&db);
    assert_eq!(after.len(), before.len() + 1, "only the promotion");
    let lijun = db.as_user("lijun");
    assert!(lijun.staff_role(&me, Role::Supervisor).is_ok());
}

#[test]
fn an_admin_demoted_by_another_desk_manages_no_more() {
    let db = office();
    // Another desk of the same server stores the change; this desk still
    // holds the record it opened with.
    let mut me = db
        .desk
        .store()
        .staff(&current_unix_user())
        .unwrap()
        .unwrap();
    me.role = Role::Supervisor;
    let mut ws = WriteSet::new(db.desk.store());
    ws.put(T::Staff, me.login.as_bytes().to_vec(), &me);
    ws.commit().unwrap();
    let refused = db.desk.staff_list();
    assert!(
        matches!(
            &refused,
            Err(ServiceError::Forbidden {
                role: Role::Supervisor,
                ..
            })
        ),
        "{refused:?}"
    );
}

#[test]
fn an_import_audits_each_staff_change_and_may_not_lock_out_its_admin() {
    let db = office();
    let me = current_unix_user();
    let before = audit_trail(&db).len();
    let lines = r#"{"type":"staff","login":"zhangli","name":"张丽","role":"supervisor","unit":"xfj"}
{"type":"staff","login":"liuyang","name":"刘洋","role":"receptionist"}
{"type":"staff","login":"wangwei","name":"王伟","role":"handler","unit":"jtj"}
"#;
    db.import("staff.jsonl", lines).unwrap();
    let added: Vec<(String, String)> = audit_trail(&db)[before..]
        .iter()
        .map(|e| (e.record.clone(), e.what.clone()))
        .collect();
    assert_eq!(
        added,
        [
            (
                "import".to_string(),
                "imported 2 reference records, 0 petitioners, 0 matters, 0 contacts, 0 events from staff.jsonl".to_string()
            ),
            (
                "staff zhangli".into(),
                "imported: role supervisor (was receptionist)".into()
            ),
            (
                "staff liuyang".into(),
                "imported: added: 刘洋, receptionist".into()
            ),
        ],
        "wangwei's line changes nothing and is not audited"
    );
    let lockout = format!(
        "{{\"type\":\"staff\",\"login\":\"{me}\",\"name\":\"我\",\"role\":\"admin\",\"disabled\":true}}\n{{\"type\":\"staff\",\"login\":\"{me}\",\"name\":\"我\",\"role\":\"leader\"}}\n"
    );
    let refused = db.import("me.jsonl", &lockout);
    let Err(ServiceError::Import(problems)) = refused else {
        panic!("{refused:?}")
    };
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        shown[0].starts_with("me.jsonl:1: disabled: would disable"),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|p| p.starts_with("me.jsonl:2: ")),
        "{shown:?}"
    );
    let me_now = db.desk.store().staff(&me).unwrap().unwrap();
    assert!(me_now.role == Role::Admin && !me_now.disabled);
}

#[test]
fn the_staff_commands_add_list_disable_enable_and_change_roles() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let f = write_file(dir.path(), "spec.jsonl", INTERCHANGE_EXAMPLE);
    assert!(xfdesk(&db, &["import", f.to_str().unwrap()])
        .status
        .success());
    let run = |args: &[&str]| {
        let out = xfdesk(&db, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let said = run(&[
        "staff", "add", "liuyang", "--name", "刘洋", "--role", "handler", "--unit", "jtj",
    ]);
    assert_eq!(said, "已添加人员: liuyang 刘洋 承办人 jtj\n");
    let said = run(&["--lang", "en", "staff", "role", "liuyang", "supervisor"]);
    assert_eq!(said, "role changed: liuyang 刘洋 supervisor jtj\n");
    let said = run(&["--lang", "en", "staff", "disable", "liuyang"]);
    assert_eq!(
        said,
        "login disabled: liuyang 刘洋 supervisor jtj (disabled)\n"
    );
    let table = run(&["staff", "list"]);
    let row = table.lines().find(|l| l.starts_with("liuyang")).unwrap();
    assert!(
        row.contains("科室负责人") && row.contains("已停用"),
        "{table}"
    );
    assert!(table.lines().next().unwrap().contains("登录名"), "{table}");
    run(&["staff", "enable", "liuyang"]);
    let v: serde_json::Value = serde_json::from_str(&run(&["staff", "list", "--json"])).unwrap();
    let liuyang = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["login"] == "liuyang")
        .unwrap();
    assert_eq!(
        *liuyang,
        serde_json::json!({"login":"liuyang","name":"刘洋","role":"supervisor","unit":"jtj","disabled":false})
    );
    let audit = run(&["audit", "--login", &current_unix_user()]);
    assert!(
        audit.contains("人员 liuyang") && audit.contains("角色 科室负责人（原 承办人）"),
        "{audit}"
    );

    for bad in [
        &["staff", "role", "liuyang", "boss"][..],
        &["staff", "add", "x", "--role", "admin"],
        &["staff", "add", "x", "--name", "某", "--role", "chief"],
    ] {
        assert_eq!(xfdesk(&db, bad).status.code(), Some(2), "{bad:?}");
    }
    let out = xfdesk(
        &db,
        &[
            "staff", "add", "Li Na", "--name", "李娜", "--role", "handler",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a Unix user name"),
        "{}",
        text(&out.stderr)
    );
    let out = xfdesk(&db, &["staff", "disable", &current_unix_user()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ask another admin"),
        "{}",
        text(&out.stderr)
    );
}

/// The database of docs/interchange.md's example at DIR/db where the Unix user running the
/// tests is no longer admin but `role`: another admin, boss, changed it.
fn demoted(role: Role) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.desk
        .staff_add("boss", "局长", Role::Admin, Some("xfj"))
        .unwrap();
    db.as_user("boss")
        .staff_role(&current_unix_user(), role)
        .unwrap();
    let path = db.path();
    let TestDb { dir, desk } = db;
    drop(desk);
    (dir, path)
}

#[test]
fn a_disabled_login_is_refused_at_open_with_the_admins_to_ask() {
    let mut db = TestDb::new();
    db.desk
        .staff_add("boss", "局长", Role::Admin, None)
        .unwrap();
    db.desk
        .staff_add("lijun", "李军", Role::Admin, None)
        .unwrap();
    let me = current_unix_user();
    db.as_user("boss").staff_disable(&me).unwrap();
    let path = db.path();
    let TestDb { dir, desk } = db;
    drop(desk);
    let out = run_when_unlocked(|| xfdesk(&path, &["lookup", "x"]));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("staff login {me:?} is disabled"))
            && err.contains("ask an admin (boss, lijun)"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    drop(dir);
}

#[test]
fn a_receptionist_at_the_command_line_sees_masked_numbers_and_no_staff_or_audit() {
    let (dir, db) = demoted(Role::Receptionist);
    let out = run_when_unlocked(|| xfdesk(&db, &["lookup", "于营"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.contains("1101**********002X") && table.contains("138****8000"),
        "{table}"
    );
    let out = xfdesk(&db, &["lookup", "13800138000", "--json"]);
    let json = text(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["id_number"], "1101**********002X");
    assert_eq!(v[0]["phones"], serde_json::json!(["138****8000"]));
    for shown in [&table, &json] {
        assert!(
            !shown.contains("11010519491231002X") && !shown.contains("13800138000"),
            "{shown}"
        );
    }
    for (args, deed) in [
        (&["staff", "list"][..], "may not manage staff"),
        (&["audit"], "may not read the audit trail"),
        (&["export"], "may not export records"),
    ] {
        let out = xfdesk(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains(deed), "{}", text(&out.stderr));
    }
    drop(dir);
}
