//! The supervisor's and admin's parts of the desk: whole numbers revealed on
//! a card, the audit trail (F7) and staff management (F8). Seen at 80×24 as
//! a person would, each change checked in the store and in the audit trail.

mod common;

use common::screen::{act, model, render, screen, send, COLOUR};
use common::{audit_trail, pid, TestDb, OFFICE};
use ratatui::crossterm::event::KeyModifiers;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState};
use tempfile::TempDir;
use time::macros::datetime;
use xfdesk::i18n::Lang;
use xfdesk::service::{Desk, FixedClock};
use xfdesk::store::OpenOptions;
use xfdesk::tui::action::Action;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::{update, Model, Msg, Screen};
use xfdesk::tui::term::message;

/// The admin's login, fixed so that screens render alike on every machine.
const ADMIN: &str = "guanli";

/// 于营 with a resident ID, a passport and a phone, and one matter.
const PEOPLE: &str = r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","other_doc":"passport:E12345678","phones":["13800138000"],"town":"370211001","village":"370211001001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校,上学不便","first_receiver":"zhangli","registered_at":"2026-03-02T09:15:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-02T09:15:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"zhangli","summary":"来访反映撤并学校"}
"#;

/// The office of every role (tests/common) with `ADMIN` as its admin and
/// 于营 on file, the clock at 2026-07-01 09:00 in UTC+8.
fn office() -> TestDb {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::init(&dir.path().join("db"), &OpenOptions::default(), ADMIN).unwrap();
    desk.set_clock(Box::new(FixedClock(datetime!(2026-07-01 09:00 +8))));
    let db = TestDb { dir, desk };
    db.import("office.jsonl", &format!("{OFFICE}{PEOPLE}"))
        .unwrap();
    db
}

/// A key typed on the real keymap, as the event loop reads it.
fn press(m: &mut Model, db: &TestDb, code: KeyCode) {
    let ev = Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    });
    if let Some(msg) = message(m, &Keymap::default_map(), &ev) {
        update(m, msg, &db.desk).unwrap();
    }
}

/// 于营's card, opened by looking her up.
fn open_card(m: &mut Model, db: &TestDb) {
    send(
        m,
        db,
        &[
            act(Action::Lookup),
            Msg::Text("于营".into()),
            act(Action::Open),
        ],
    );
    assert_eq!(m.screen(), Screen::Card);
}

#[test]
fn v_on_a_card_shows_a_supervisor_the_whole_numbers_until_the_card_is_left() {
    let mut db = office();
    db.as_user("lijun");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    let masked = screen(&render(&m, COLOUR));
    assert!(!masked.contains("11010519491231002X"), "{masked}");
    let before = audit_trail(&db).len();

    press(&mut m, &db, KeyCode::Char('v'));
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("card_revealed_zh", shown.clone());
    for whole in ["11010519491231002X", "passport:E12345678", "13800138000"] {
        assert!(shown.contains(whole), "{whole}:\n{shown}");
    }
    let trail = audit_trail(&db);
    assert_eq!(trail.len(), before + 1, "one look, one entry");
    let last = trail.last().unwrap();
    assert_eq!(
        (last.by.as_str(), last.what.as_str()),
        ("lijun", "revealed ID number and phones")
    );

    // Into a matter and back: the card is masked again.
    send(&mut m, &db, &[act(Action::Open), act(Action::Back)]);
    assert_eq!(m.screen(), Screen::Card);
    assert!(m.s.card.revealed.is_none());
    let again = screen(&render(&m, COLOUR));
    assert!(!again.contains("11010519491231002X"), "{again}");
    assert!(again.contains("1101**********002X"), "{again}");
}

#[test]
fn a_receptionist_sees_phones_to_call_back_but_never_a_whole_id_number() {
    let mut db = office();
    db.as_user("zhangli");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    let before = audit_trail(&db).len();
    press(&mut m, &db, KeyCode::Char('v'));
    assert_eq!(m.ctx.status, None);
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains("13800138000"), "{shown}");
    assert!(!shown.contains("11010519491231002X"), "{shown}");
    assert!(!shown.contains("E12345678"), "{shown}");
    let trail = audit_trail(&db);
    assert_eq!(trail.len(), before + 1, "one look, one entry");
    let last = trail.last().unwrap();
    assert_eq!(
        (last.by.as_str(), last.what.as_str()),
        ("zhangli", "revealed phones (to call back)")
    );
}

#[test]
fn a_leader_is_told_whole_numbers_are_not_theirs_and_nothing_is_audited() {
    let mut db = office();
    db.as_user("zhaomin");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    let before = audit_trail(&db).len();
    press(&mut m, &db, KeyCode::Char('v'));
    assert_eq!(
        m.ctx.status.as_deref(),
        Some("领导无权查看完整的身份证号和电话")
    );
    assert!(m.s.card.revealed.is_none());
    assert_eq!(audit_trail(&db).len(), before);
}

/// Types `text` into the focused field of the open form.
fn type_in(m: &mut Model, db: &TestDb, text: &str) {
    send(m, db, &[Msg::Text(text.into())]);
}

/// The error the audit filter form shows, if it is open.
fn filter_error(m: &Model) -> Option<String> {
    match &m.s.audit.form {
        Some(f) => f.error.clone(),
        _ => panic!("the filter form is open"),
    }
}

#[test]
fn f7_shows_a_supervisor_the_trail_newest_first_filtered_through_the_form() {
    let mut db = office();
    let yu = pid(&db, "于营");
    db.set_now(datetime!(2026-07-01 09:30 +8));
    db.as_user("lijun").petitioner_card(yu).unwrap();
    db.desk.reveal(yu).unwrap();
    db.set_now(datetime!(2026-07-01 10:15 +8));
    db.as_user("zhangli").petitioner_card(yu).unwrap();
    db.as_user("lijun");

    let mut m = model(&db, Lang::Zh);
    press(&mut m, &db, KeyCode::F(7));
    assert_eq!(m.screen(), Screen::Audit);
    let newest: Vec<(&str, &str)> = m.s.audit.entries[..3]
        .iter()
        .map(|e| (e.by.as_str(), e.what.as_str()))
        .collect();
    assert_eq!(
        newest,
        [
            ("zhangli", "viewed full history"),
            ("lijun", "revealed ID number and phones"),
            ("lijun", "viewed full history"),
        ]
    );
    assert_eq!(
        m.s.audit.total,
        audit_trail(&db).len(),
        "unfiltered: every entry"
    );

    // The database's creation is dated by the real clock: keep to the day.
    press(&mut m, &db, KeyCode::Char('f'));
    send(
        &mut m,
        &db,
        &[act(Action::NextField), act(Action::NextField)],
    );
    type_in(&mut m, &db, "2026-07-01");
    send(&mut m, &db, &[act(Action::NextField)]);
    type_in(&mut m, &db, "2026-07-01");
    insta::assert_snapshot!("audit_filter_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Open)]);
    assert!(
        m.s.audit.form.is_none(),
        "{:?}",
        m.s.audit.form.as_ref().map(|_| filter_error(&m))
    );
    // The import (a run and each login it added), the lookup that found
    // 于营, two views and a reveal.
    assert_eq!(m.s.audit.entries.len(), 1 + 6 + 1 + 3);
    assert!(m
        .s
        .audit
        .entries
        .iter()
        .all(|e| e.what != "created the database with this admin"));
    insta::assert_snapshot!("audit_zh", screen(&render(&m, COLOUR)));

    // Who: lijun's two entries. The form opens on the filter in force.
    send(&mut m, &db, &[act(Action::AuditFilter)]);
    type_in(&mut m, &db, "lijun");
    send(&mut m, &db, &[act(Action::Save)]);
    let by: Vec<&str> = m.s.audit.entries.iter().map(|e| e.by.as_str()).collect();
    assert_eq!(by, ["lijun", "lijun"]);
    assert_eq!(
        m.s.audit.filter.from,
        Some(time::macros::date!(2026 - 07 - 01))
    );
}

#[test]
fn the_filter_form_says_in_chinese_what_is_wrong_and_keeps_the_trail_shown() {
    let mut db = office();
    db.as_user("lijun");
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Audit)]);
    let shown = m.s.audit.total;
    let cases = [
        ("nobody", "", "人员名单中没有登录名“nobody”"),
        (
            "",
            "110105194912310011",
            "查无身份证号为110105194912310011的信访人",
        ),
        (
            "",
            "11010519491231",
            "信访人身份证号：应为18位（旧证15位），现为14位",
        ),
    ];
    for (login, id, want) in cases {
        send(&mut m, &db, &[act(Action::AuditFilter)]);
        type_in(&mut m, &db, login);
        send(&mut m, &db, &[act(Action::NextField)]);
        type_in(&mut m, &db, id);
        send(&mut m, &db, &[act(Action::Open)]);
        assert_eq!(filter_error(&m).as_deref(), Some(want));
        if id.len() == 18 {
            insta::assert_snapshot!("audit_filter_refused_zh", screen(&render(&m, COLOUR)));
        }
        send(&mut m, &db, &[act(Action::Back)]);
        assert_eq!(
            (m.screen(), m.s.audit.total, &m.s.audit.filter),
            (Screen::Audit, shown, &Default::default())
        );
    }
}

/// The staff form, if one is open.
fn staff_form(m: &Model) -> &xfdesk::tui::screens::staff::form::StaffForm {
    match &m.s.staff.form {
        Some(f) => f,
        _ => panic!("a staff form is open"),
    }
}

/// Selects `login` on the staff screen with ↓ from the top.
fn select(m: &mut Model, db: &TestDb, login: &str) {
    press(m, db, KeyCode::Home);
    while m.s.staff.list[m.s.staff.selected].login != login {
        let at = m.s.staff.selected;
        press(m, db, KeyCode::Down);
        assert_ne!(m.s.staff.selected, at, "{login} is listed");
    }
}

/// The stored staff record of `login`.
fn stored(db: &TestDb, login: &str) -> xfdesk::domain::Staff {
    db.desk.store().staff(login).unwrap().unwrap()
}

/// The newest audit entry: its record and what it says.
fn last_entry(db: &TestDb) -> (String, String) {
    let e = audit_trail(db).pop().unwrap();
    assert_eq!(e.by, ADMIN);
    (e.record, e.what)
}

#[test]
fn a_login_that_is_not_a_unix_user_name_is_refused_before_the_question() {
    let db = office();
    let mut m = model(&db, Lang::Zh);
    press(&mut m, &db, KeyCode::F(8));
    let entries = audit_trail(&db).len();
    press(&mut m, &db, KeyCode::Char('a'));
    type_in(&mut m, &db, "Liu Yang");
    press(&mut m, &db, KeyCode::Tab);
    type_in(&mut m, &db, "刘洋");
    // Enter through the role and the unit to the end of the form.
    for _ in 0..3 {
        press(&mut m, &db, KeyCode::Enter);
    }
    let f = staff_form(&m);
    assert!(
        !f.confirming,
        "no 确认办理？ for a login that cannot be added"
    );
    assert!(
        f.error
            .as_deref()
            .unwrap()
            .starts_with("“Liu Yang”不是 Unix 用户名"),
        "{:?}",
        f.error
    );
    insta::assert_snapshot!("staff_add_bad_login_zh", screen(&render(&m, COLOUR)));
    // Ctrl-S asks the same and is refused the same.
    send(&mut m, &db, &[act(Action::Save)]);
    assert!(!staff_form(&m).confirming && staff_form(&m).error.is_some());
    // A login already on the list is refused before the question too.
    for _ in 0..3 {
        send(&mut m, &db, &[act(Action::PrevField)]);
    }
    assert_eq!(staff_form(&m).focus, 0, "back on the login");
    for _ in 0.."Liu Yang".len() {
        press(&mut m, &db, KeyCode::Backspace);
    }
    assert_eq!(staff_form(&m).login.text(), "");
    send(
        &mut m,
        &db,
        &[Msg::Text("zhangli".into()), act(Action::Save)],
    );
    let f = staff_form(&m);
    assert_eq!(
        (f.confirming, f.error.as_deref()),
        (false, Some("“zhangli”已在人员名单中"))
    );
    assert_eq!(audit_trail(&db).len(), entries, "nothing written");
    assert!(db.desk.store().staff("liuyang").unwrap().is_none());
}

#[test]
fn a_role_change_to_the_role_held_is_refused_before_the_question() {
    let db = office();
    let mut m = model(&db, Lang::Zh);
    press(&mut m, &db, KeyCode::F(8));
    let entries = audit_trail(&db).len();
    select(&mut m, &db, "wangwei");
    press(&mut m, &db, KeyCode::Char('r'));
    press(&mut m, &db, KeyCode::Enter);
    let f = staff_form(&m);
    assert_eq!(
        (f.confirming, f.error.as_deref()),
        (false, Some("“wangwei”已是承办人"))
    );
    // Another role is put to the question.
    press(&mut m, &db, KeyCode::Right);
    press(&mut m, &db, KeyCode::Enter);
    let f = staff_form(&m);
    assert_eq!((f.confirming, f.error.as_deref()), (true, None));
    press(&mut m, &db, KeyCode::Esc);
    press(&mut m, &db, KeyCode::Esc);
    assert!(m.s.staff.form.is_none());
    assert_eq!(audit_trail(&db).len(), entries, "nothing written");
}

#[test]
fn f8_lets_the_admin_add_disable_enable_and_change_roles_each_through_the_service() {
    use xfdesk::domain::Role;
    let db = office();
    let mut m = model(&db, Lang::Zh);
    press(&mut m, &db, KeyCode::F(8));
    assert_eq!((m.screen(), m.s.staff.list.len()), (Screen::Staff, 7));

    // Add: login, name, a role and a unit stepped with the arrow keys.
    press(&mut m, &db, KeyCode::Char('a'));
    type_in(&mut m, &db, "liuyang");
    press(&mut m, &db, KeyCode::Tab);
    type_in(&mut m, &db, "刘洋");
    press(&mut m, &db, KeyCode::Tab);
    press(&mut m, &db, KeyCode::Right);
    press(&mut m, &db, KeyCode::Tab);
    press(&mut m, &db, KeyCode::Right);
    press(&mut m, &db, KeyCode::Enter);
    assert!(staff_form(&m).confirming, "asked before adding");
    insta::assert_snapshot!("staff_add_zh", screen(&render(&m, COLOUR)));
    press(&mut m, &db, KeyCode::Enter);
    assert_eq!(
        m.ctx.status.as_deref(),
        Some("已添加人员：liuyang 刘洋 承办人")
    );
    assert_eq!(m.s.staff.list[m.s.staff.selected].login, "liuyang");
    assert_eq!(
        (stored(&db, "liuyang").role, stored(&db, "liuyang").unit),
        (Role::Handler, Some("jtj".into()))
    );
    assert_eq!(
        last_entry(&db),
        (
            "staff liuyang".into(),
            "added: 刘洋, handler, unit jtj".into()
        )
    );

    // Disable: one confirmation.
    select(&mut m, &db, "zhangli");
    press(&mut m, &db, KeyCode::Char('d'));
    insta::assert_snapshot!("staff_disable_zh", screen(&render(&m, COLOUR)));
    press(&mut m, &db, KeyCode::Enter);
    assert!(stored(&db, "zhangli").disabled);
    assert_eq!(last_entry(&db).1, "disabled");
    assert_eq!(
        m.ctx.status.as_deref(),
        Some("已停用登录名：zhangli 张丽 接待员")
    );
    insta::assert_snapshot!("staff_zh", screen(&render(&m, COLOUR)));

    // Enable again, then a role: the new one chosen, then confirmed.
    press(&mut m, &db, KeyCode::Char('e'));
    press(&mut m, &db, KeyCode::Enter);
    assert!(!stored(&db, "zhangli").disabled);
    assert_eq!(last_entry(&db).1, "re-enabled");
    select(&mut m, &db, "wangwei");
    press(&mut m, &db, KeyCode::Char('r'));
    press(&mut m, &db, KeyCode::Right);
    press(&mut m, &db, KeyCode::Enter);
    assert!(staff_form(&m).confirming);
    press(&mut m, &db, KeyCode::Enter);
    assert_eq!(stored(&db, "wangwei").role, Role::Supervisor);
    assert_eq!(last_entry(&db).1, "role supervisor (was handler)");
    let listed = &m.s.staff.list[m.s.staff.selected];
    assert_eq!(
        (listed.login.as_str(), listed.role),
        ("wangwei", Role::Supervisor)
    );
}

#[test]
fn refusals_stay_in_the_staff_form_in_chinese_and_change_nothing() {
    let db = office();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Staff)]);
    let entries = audit_trail(&db).len();

    // The admin's own login.
    select(&mut m, &db, ADMIN);
    press(&mut m, &db, KeyCode::Char('d'));
    let why = "管理员不能停用自己的登录名或更改自己的角色，请由其他管理员办理";
    let f = staff_form(&m);
    assert_eq!(
        (f.confirming, f.error.as_deref()),
        (false, Some(why)),
        "refused at once, not asked to confirm"
    );
    press(&mut m, &db, KeyCode::Enter);
    assert_eq!(staff_form(&m).error.as_deref(), Some(why));
    insta::assert_snapshot!("staff_refused_zh", screen(&render(&m, COLOUR)));
    press(&mut m, &db, KeyCode::Esc);
    assert!(m.s.staff.form.is_none());

    // A login taken, and one that is no Unix user name.
    let cases = [
        ("zhangli", "“zhangli”已在人员名单中"),
        ("Liu Yang", "“Liu Yang”不是 Unix 用户名"),
    ];
    for (login, want) in cases {
        press(&mut m, &db, KeyCode::Char('a'));
        type_in(&mut m, &db, login);
        press(&mut m, &db, KeyCode::Tab);
        type_in(&mut m, &db, "刘洋");
        send(&mut m, &db, &[act(Action::Save), act(Action::Open)]);
        let error = staff_form(&m).error.clone().unwrap();
        assert!(error.starts_with(want), "{error}");
        press(&mut m, &db, KeyCode::Esc);
    }
    assert!(!stored(&db, ADMIN).disabled);
    assert_eq!(audit_trail(&db).len(), entries, "nothing written");
}

#[test]
fn a_long_trail_shows_its_newest_entries_and_says_how_many_there_are() {
    let mut db = office();
    let yu = pid(&db, "于营");
    let limit = xfdesk::tui::screens::audit::AUDIT_LIMIT;
    db.as_user("lijun");
    // A thousand cards this fast are paced (tests/lookup_pace.rs); here they
    // only fill the trail.
    db.desk.store().lookup_pace().set_on(false);
    for _ in 0..limit {
        db.desk.petitioner_card(yu).unwrap();
    }
    let total = audit_trail(&db).len();
    assert!(total > limit);
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Audit)]);
    assert_eq!((m.s.audit.entries.len(), m.s.audit.total), (limit, total));
    assert_eq!(m.s.audit.entries[0].by, "lijun", "the newest kept");
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains(&format!("审计记录 (最新 {limit} 条，共 {total} 条)")),
        "{shown}"
    );
}

/// The screen's text with borders, padding and line breaks gone, to find a
/// long value that was wrapped.
fn squeezed(shown: &str) -> String {
    shown
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '│' | '|'))
        .collect()
}

#[test]
fn enter_shows_an_audit_entry_whole_and_the_filter_finds_a_matter_by_ledger_number() {
    let mut db = office();
    let yu = pid(&db, "于营");
    let ledger = db.desk.store().petitioner(yu).unwrap().unwrap().matters[0];
    db.set_now(datetime!(2026-07-01 09:30 +8));
    db.as_user("lijun")
        .act(
            ledger,
            &common::input(xfdesk::domain::Step::Accept, &[("unit", "xfj")]),
        )
        .unwrap();
    db.as_user("lijun").petitioner_card(yu).unwrap();

    let mut m = model(&db, Lang::Zh);
    press(&mut m, &db, KeyCode::F(7));
    assert_eq!(m.screen(), Screen::Audit);
    // The longest entry, cut in the list, shown whole with Enter.
    let (at, long) =
        m.s.audit
            .entries
            .iter()
            .enumerate()
            .max_by_key(|(_, e)| e.what.chars().count())
            .map(|(i, e)| (i, e.clone()))
            .unwrap();
    let listed = screen(&render(&m, COLOUR));
    assert!(
        !squeezed(&listed).contains(&squeezed(&Lang::Zh.audit_what(&long.what))),
        "{listed}"
    );
    for _ in 0..at {
        send(&mut m, &db, &[act(Action::Down)]);
    }
    send(&mut m, &db, &[act(Action::Open)]);
    assert!(m.s.audit.whole);
    let whole = screen(&render(&m, COLOUR));
    // Shown whole, and worded in the desk's language.
    let record = Lang::Zh.audit_record(&long.record);
    let what = Lang::Zh.audit_what(&long.what);
    for field in [&long.by, &record, &what] {
        assert!(
            squeezed(&whole).contains(&squeezed(field)),
            "{field}: {whole}"
        );
    }
    assert!(whole.contains("审计记录详情"), "{whole}");
    insta::assert_snapshot!("audit_entry_whole_zh", whole);
    m.ctx.lang = Lang::En;
    insta::assert_snapshot!("audit_entry_whole_en", screen(&render(&m, COLOUR)));
    m.ctx.lang = Lang::Zh;
    // Nothing else acts beneath it; Esc closes it.
    send(&mut m, &db, &[act(Action::AuditFilter)]);
    assert!(m.s.audit.form.is_none());
    send(&mut m, &db, &[act(Action::Back)]);
    assert_eq!((m.screen(), m.s.audit.whole), (Screen::Audit, false));

    // The matter's ledger number, in the form's last field.
    let by_matter = |m: &mut Model, typed: &str| {
        send(m, &db, &[act(Action::AuditFilter)]);
        for _ in 0..4 {
            send(m, &db, &[act(Action::NextField)]);
        }
        type_in(m, &db, typed);
        send(m, &db, &[act(Action::Open)]);
    };
    by_matter(&mut m, &ledger.to_string());
    assert!(m.s.audit.form.is_none());
    let records: Vec<&str> =
        m.s.audit
            .entries
            .iter()
            .map(|e| e.record.as_str())
            .collect();
    assert_eq!(records, [format!("matter {ledger}")]);
    assert_eq!(m.s.audit.filter.matter, Some(ledger.to_string()));
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains(&format!("事项编号 {ledger}")), "{shown}");

    // A number that is not one, and one not on file, are said in the form.
    let mut m = model(&db, Lang::Zh);
    press(&mut m, &db, KeyCode::F(7));
    by_matter(&mut m, "77");
    assert_eq!(
        filter_error(&m).as_deref(),
        Some("事项编号“77”格式不对，应如 2026-000077")
    );
    send(&mut m, &db, &[act(Action::Back)]);
    by_matter(&mut m, "2026-000099");
    assert_eq!(filter_error(&m).as_deref(), Some("查无事项2026-000099"));
}
