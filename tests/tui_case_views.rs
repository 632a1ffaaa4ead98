//! Supervision letters, the reception rota and the key-person list at the
//! desk (issue 16, points 3, 4 and 5): who sees each screen, the lists'
//! filters and marks, and the forms that issue and answer a letter, keep
//! the rota and flag a key person.

mod common;

use common::screen::{act, render, screen, send, COLOUR};
use common::TestDb;
use time::macros::{date, datetime};
use xfdesk::domain::supervision::{ReceptionDay, SupervisionKind};
use xfdesk::domain::{LedgerNo, Level};
use xfdesk::i18n::Lang;
use xfdesk::service::cases::supervise::LetterDraft;
use xfdesk::tui::action::Action;
use xfdesk::tui::effect::Edit;
use xfdesk::tui::model::{run_pending, Model, Msg, Screen};

const M1: LedgerNo = LedgerNo { year: 2026, seq: 1 };

const PEOPLE: &str = r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","town":"370211001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校","first_receiver":"zhangli","registered_at":"2026-01-05T09:00:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-01-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
"#;

/// The small office on 2026-03-20, as the supervisor 李军.
fn office() -> TestDb {
    TestDb::office(PEOPLE, datetime!(2026-03-20 10:00 +8), "lijun")
}

/// Letters to 区教体局 (jtj) about 于营's matter, issued 2026-03-20: a
/// reminder due 03-25 (overdue on 04-02), a directive 挂牌 at the county due
/// 04-15, and one to 区自然资源局 (zrj) due 04-20.
fn with_letters() -> TestDb {
    let mut db = office();
    let desk = db.as_user("lijun");
    let letter = |kind, level, unit: &str, reply_due| LetterDraft {
        matter: M1,
        kind,
        level,
        unit: unit.into(),
        reply_due,
    };
    use SupervisionKind as K;
    for d in [
        letter(K::Reminder, None, "jtj", date!(2026 - 03 - 25)),
        letter(
            K::Directive,
            Some(Level::County),
            "jtj",
            date!(2026 - 04 - 15),
        ),
        letter(K::Reminder, None, "zrj", date!(2026 - 04 - 20)),
    ] {
        desk.issue_supervision(&d).unwrap();
    }
    db
}

/// The desk of `login` on 2026-04-02, in `lang`.
fn desk_in(db: &mut TestDb, login: &str, lang: Lang) -> Model {
    db.as_user(login);
    let mut m = Model::new(&db.desk, lang, date!(2026 - 04 - 02)).unwrap();
    m.ctx.user = login.into();
    m
}

fn desk_of(db: &mut TestDb, login: &str) -> Model {
    desk_in(db, login, Lang::Zh)
}

fn text(s: &str) -> Msg {
    Msg::Text(s.into())
}

/// Empties the focused field and types `s` in it.
fn retype(s: &str) -> [Msg; 2] {
    [Msg::Edit(Edit::Clear), text(s)]
}

#[test]
fn each_screen_opens_only_for_those_who_may_see_it() {
    let mut db = with_letters();
    // (login, supervision, rota, key persons)
    let who = [
        ("zhangli", false, true, false),
        ("wangwei", true, true, false),
        ("zhaomin", true, true, true),
        ("lijun", true, true, true),
    ];
    for (login, letters, rota, keylist) in who {
        let mut m = desk_of(&mut db, login);
        let home = screen(&render(&m, COLOUR));
        assert_eq!(home.contains("督查督办"), letters, "{login}:\n{home}");
        assert!(home.contains("领导接访日"), "{login}:\n{home}");
        assert_eq!(home.contains("上访老户"), keylist, "{login}:\n{home}");
        for (key, opens, screen) in [
            (Action::Supervision, letters, Screen::Supervision),
            (Action::ReceptionRota, rota, Screen::ReceptionRota),
            (Action::KeyPersons, keylist, Screen::KeyPersons),
        ] {
            send(&mut m, &db, &[act(Action::Home), act(key)]);
            assert_eq!(m.screen() == screen, opens, "{login} {key:?}");
            if !opens {
                let said = m.ctx.status.clone().unwrap_or_default();
                assert!(said.contains("无权"), "{login} {key:?}: {said}");
            }
        }
    }
}

#[test]
fn tab_steps_through_unanswered_overdue_and_all_the_overdue_in_the_alarm_style() {
    let mut db = with_letters();
    db.as_user("lijun")
        .reply_supervision(3, date!(2026 - 03 - 30), "已办")
        .unwrap();
    let mut m = desk_of(&mut db, "lijun");
    send(&mut m, &db, &[act(Action::Supervision)]);
    let list = screen(&render(&m, COLOUR));
    assert!(list.contains("督查督办 · 未回复 (2)"), "{list}");
    assert!(list.contains("督办函 挂牌县区"), "{list}");
    assert!(list.contains("2026-03-25 超期"), "{list}");
    assert!(list.contains("区教体局"), "unit by name:\n{list}");
    // The overdue row is drawn in the alarm style.
    let term = render(&m, COLOUR);
    let buf = term.backend().buffer();
    let y = (0..24)
        .find(|y| common::screen::row_text(buf, *y).contains("超期"))
        .unwrap();
    let warn = COLOUR.warn();
    let x = common::screen::row_text(buf, y).find("2026-03-25").unwrap() as u16;
    assert_eq!(buf[(x.min(79), y)].fg, warn.fg.unwrap(), "alarm colour");
    send(&mut m, &db, &[act(Action::NextList)]);
    let overdue = screen(&render(&m, COLOUR));
    assert!(overdue.contains("督查督办 · 超期 (1)"), "{overdue}");
    send(&mut m, &db, &[act(Action::NextList)]);
    let all = screen(&render(&m, COLOUR));
    assert!(all.contains("督查督办 · 全部 (3)"), "{all}");
    let answered = all.lines().find(|l| l.contains("2026-04-20")).unwrap();
    assert!(answered.contains("03-30"), "the reply's date: {answered}");
    // Enter opens the letter's matter.
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
    assert!(screen(&render(&m, COLOUR)).contains("撤并学校"));
}

#[test]
fn a_supervisor_issues_a_letter_from_the_list_and_it_appears() {
    let mut db = office();
    let mut m = desk_of(&mut db, "lijun");
    send(
        &mut m,
        &db,
        &[act(Action::Supervision), act(Action::IssueLetter)],
    );
    assert_eq!(form_choice(&m, 3), Some("jtj".into()), "units by code");
    let mut keys = vec![text("2026-000001"), act(Action::NextField), Msg::Right];
    keys.extend([act(Action::NextField), Msg::Right, Msg::Right]);
    keys.extend([act(Action::NextField), act(Action::NextField)]);
    keys.extend(retype("2026-04-20"));
    keys.push(act(Action::Save));
    send(&mut m, &db, &keys);
    assert!(m.s.supervision.form.is_none(), "saved and closed");
    let list = screen(&render(&m, COLOUR));
    assert!(
        list.contains("督办函 挂牌县区") && list.contains("2026-000001"),
        "{list}"
    );
    assert!(
        list.contains("2026-04-20") && list.contains("区教体局"),
        "{list}"
    );
    assert_eq!(m.ctx.status.as_deref(), Some("已发出督办函"));
}

/// The value chosen in field `i` of the open letter form.
fn form_choice(m: &Model, i: usize) -> Option<String> {
    use xfdesk::tui::screens::supervision::LetterForm;
    match m.s.supervision.form.as_ref()? {
        LetterForm::Issue(f) | LetterForm::Reply(_, f) => f.chosen(i).map(str::to_string),
    }
}

#[test]
fn a_bad_matter_number_is_said_in_the_form_and_nothing_is_issued() {
    let mut db = office();
    let mut m = desk_of(&mut db, "lijun");
    send(
        &mut m,
        &db,
        &[act(Action::Supervision), act(Action::IssueLetter)],
    );
    send(&mut m, &db, &[text("12"), act(Action::Save)]);
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains("事项编号应写作 2026-000123"), "{shown}");
    assert!(m.s.supervision.rows.is_empty());
}

#[test]
fn a_handler_of_the_unit_records_the_reply_and_it_leaves_the_unanswered() {
    let mut db = with_letters();
    // 孙立 handles for 区自然资源局: only its letter, and no issuing.
    let mut other = desk_of(&mut db, "sunli");
    send(&mut other, &db, &[act(Action::Supervision)]);
    assert_eq!(other.s.supervision.rows.len(), 1);
    let offered = |m: &Model, a| m.s.offers(Screen::Supervision, &m.ctx, a);
    assert!(!offered(&other, Action::IssueLetter));
    send(&mut other, &db, &[act(Action::IssueLetter)]);
    assert!(other.s.supervision.form.is_none());

    let mut m = desk_of(&mut db, "wangwei");
    send(&mut m, &db, &[act(Action::Supervision)]);
    assert_eq!(m.s.supervision.rows.len(), 2, "the unit's letters");
    assert!(offered(&m, Action::ReplyLetter));
    let keys = [
        act(Action::ReplyLetter),
        act(Action::NextField),
        text("已现场核查"),
        act(Action::Save),
    ];
    send(&mut m, &db, &keys);
    assert_eq!(m.ctx.status.as_deref(), Some("已记录回复"));
    let list = screen(&render(&m, COLOUR));
    assert!(list.contains("督查督办 · 未回复 (1)"), "{list}");
    assert!(!list.contains("2026-03-25"), "{list}");
    let l = db
        .as_user("lijun")
        .supervisions(
            None,
            xfdesk::service::cases::supervise::LetterOnly::Every,
            date!(2026 - 04 - 02),
        )
        .unwrap();
    assert_eq!(l[0].reply_note.as_deref(), Some("已现场核查"));
}

#[test]
fn a_receptionist_is_not_offered_issuing_or_the_letters() {
    let mut db = with_letters();
    let m = desk_of(&mut db, "zhangli");
    for a in [
        Action::IssueLetter,
        Action::Supervision,
        Action::ReplyLetter,
    ] {
        assert!(!a.permitted(m.ctx.role), "{a:?}");
    }
    let mut help = desk_of(&mut db, "zhangli");
    send(&mut help, &db, &[act(Action::Help)]);
    let shown = screen(&render(&help, COLOUR));
    assert!(
        !shown.contains("督查督办") && !shown.contains("发督办函"),
        "{shown}"
    );
}

fn with_rota() -> TestDb {
    let mut db = office();
    let desk = db.as_user("lijun");
    for (date, place) in [
        (date!(2026 - 04 - 02), "区群众来访接待中心"),
        (date!(2026 - 04 - 16), "辛安街道办事处"),
        (date!(2026 - 05 - 07), "区群众来访接待中心"),
    ] {
        let day = ReceptionDay {
            date,
            leader: "zhaomin".into(),
            place: place.into(),
            units: vec!["jtj".into(), "zrj".into()],
        };
        desk.set_reception_day(&day).unwrap();
    }
    db
}

#[test]
fn the_rota_shows_a_month_with_today_picked_out_and_arrows_change_the_month() {
    let mut db = with_rota();
    let mut m = desk_of(&mut db, "zhangli");
    send(&mut m, &db, &[act(Action::ReceptionRota)]);
    let april = screen(&render(&m, COLOUR));
    assert!(april.contains("领导接访日 · 2026年4月 (2)"), "{april}");
    let today = april
        .lines()
        .skip(1)
        .find(|l| l.contains("2026-04-02"))
        .unwrap();
    assert!(today.contains("今天") && today.contains("赵敏"), "{today}");
    assert!(today.contains("区教体局 区自然资源局"), "{today}");
    send(&mut m, &db, &[act(Action::NextPeriod)]);
    let may = screen(&render(&m, COLOUR));
    assert!(
        may.contains("2026年5月 (1)") && may.contains("2026-05-07"),
        "{may}"
    );
    send(
        &mut m,
        &db,
        &[act(Action::PrevPeriod), act(Action::PrevPeriod)],
    );
    assert!(screen(&render(&m, COLOUR)).contains("2026年3月 (0)"));
    // A receptionist only looks.
    assert!(!m.s.offers(Screen::ReceptionRota, &m.ctx, Action::RotaAdd));
}

#[test]
fn a_supervisor_adds_and_removes_a_session_and_a_leader_cannot() {
    let mut db = with_rota();
    let mut m = desk_of(&mut db, "lijun");
    send(
        &mut m,
        &db,
        &[act(Action::ReceptionRota), act(Action::RotaAdd)],
    );
    let mut keys = retype("2026-04-23").to_vec();
    keys.extend([act(Action::NextField), act(Action::NextField)]);
    keys.extend([text("黄岛街道办事处"), act(Action::NextField)]);
    keys.extend([text(" "), Msg::Right, Msg::Right, text(" ")]);
    send(&mut m, &db, &keys);
    insta::assert_snapshot!("rota_form_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Save)]);
    let list = screen(&render(&m, COLOUR));
    let row = list
        .lines()
        .find(|l| l.contains("2026-04-23"))
        .expect(&list);
    assert!(
        row.contains("黄岛街道办事处") && row.contains("赵敏"),
        "{row}"
    );
    assert!(row.contains("区教体局 区自然资源局"), "{row}");
    assert_eq!(m.s.rota.rows.len(), 3);
    // Remove the first session of the month, once asked.
    send(&mut m, &db, &[act(Action::First), act(Action::RotaRemove)]);
    assert!(screen(&render(&m, COLOUR)).contains("删除这次接访安排？"));
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.s.rota.rows.len(), 2);
    let left = screen(&render(&m, COLOUR));
    assert!(
        !left.lines().skip(1).any(|l| l.contains("2026-04-02")),
        "{left}"
    );

    let mut leader = desk_of(&mut db, "zhaomin");
    send(&mut leader, &db, &[act(Action::ReceptionRota)]);
    assert!(!leader
        .s
        .offers(Screen::ReceptionRota, &leader.ctx, Action::RotaAdd));
    send(
        &mut leader,
        &db,
        &[act(Action::RotaAdd), act(Action::RotaRemove)],
    );
    assert!(leader.s.rota.form.is_none() && !leader.s.rota.removing);
    let said = leader.ctx.status.clone().unwrap_or_default();
    assert!(said.contains("无权"), "{said}");
    assert_eq!(leader.s.rota.rows.len(), 2);
}

/// Flags 于营 a key person from her card, 王伟 responsible.
fn flag_on_card(m: &mut Model, db: &TestDb) {
    send(
        m,
        db,
        &[
            act(Action::Lookup),
            text("于营"),
            act(Action::Open),
            act(Action::FlagKeyPerson),
            text("多次赴京"),
            act(Action::NextField),
        ],
    );
    // The staff by login: chenjing, lijun, sunli, the admin, wangwei…
    for _ in 0..10 {
        let card = &m.s.card;
        let chosen = card.flag.as_ref().and_then(|f| f.chosen(1)).unwrap_or("");
        if chosen == "wangwei" {
            break;
        }
        send(m, db, &[Msg::Right]);
    }
}

#[test]
fn a_supervisor_flags_a_person_on_the_card_and_the_list_shows_who_answers_for_them() {
    let mut db = office();
    let mut m = desk_of(&mut db, "lijun");
    flag_on_card(&mut m, &db);
    insta::assert_snapshot!("flag_form_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Save)]);
    assert!(m.s.card.flag.is_none());
    let card = screen(&render(&m, COLOUR));
    assert!(card.contains("重点人员：多次赴京"), "{card}");
    assert!(card.contains("稳控责任人：王伟 关注"), "{card}");

    let mut leader = desk_of(&mut db, "zhaomin");
    send(&mut leader, &db, &[act(Action::KeyPersons)]);
    // The list is read off the draw path: every matter is read.
    run_pending(&mut leader, &db.desk).unwrap();
    let list = screen(&render(&leader, COLOUR));
    let row = list.lines().find(|l| l.contains("于营")).expect(&list);
    assert!(
        row.contains("重点人员：多次赴京") && row.contains("王伟"),
        "{row}"
    );
    assert!(row.contains("2026-01-05"), "last contact: {row}");
    assert!(list.contains("连续12个月无信访移出"), "{list}");
    send(&mut leader, &db, &[act(Action::Open)]);
    assert_eq!(leader.screen(), Screen::Card);
    assert!(screen(&render(&leader, COLOUR)).contains("于营"));
}

#[test]
fn only_supervisors_are_offered_flagging_on_the_card() {
    let mut db = office();
    for login in ["zhangli", "wangwei", "zhaomin"] {
        let mut m = desk_of(&mut db, login);
        send(
            &mut m,
            &db,
            &[act(Action::Lookup), text("于营"), act(Action::Open)],
        );
        assert_eq!(m.screen(), Screen::Card, "{login}");
        assert!(
            !m.s.offers(Screen::Card, &m.ctx, Action::FlagKeyPerson),
            "{login}"
        );
        send(&mut m, &db, &[act(Action::FlagKeyPerson)]);
        assert!(m.s.card.flag.is_none(), "{login}");
    }
}

#[test]
fn the_three_screens_at_80_columns_in_both_languages() {
    let mut db = with_letters();
    {
        let desk = db.as_user("lijun");
        let day = ReceptionDay {
            date: date!(2026 - 04 - 02),
            leader: "zhaomin".into(),
            place: "区群众来访接待中心".into(),
            units: vec!["jtj".into()],
        };
        desk.set_reception_day(&day).unwrap();
    }
    let id = db.as_user("lijun").matter_petitioners(M1).unwrap()[0].0;
    db.as_user("lijun")
        .keep_watch(
            id,
            Some("多次赴京"),
            "wangwei",
            xfdesk::domain::keylist::WatchStatus::Risk,
        )
        .unwrap();
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut m = desk_in(&mut db, "lijun", lang);
        for (key, name) in [
            (Action::Supervision, "supervision"),
            (Action::ReceptionRota, "rota"),
            (Action::KeyPersons, "key_persons"),
        ] {
            send(&mut m, &db, &[act(Action::Home), act(key)]);
            run_pending(&mut m, &db.desk).unwrap();
            insta::assert_snapshot!(format!("{name}_{tag}"), screen(&render(&m, COLOUR)));
        }
    }
}

#[test]
fn a_supervisor_issues_a_letter_from_the_matter_it_is_about() {
    let mut db = office();
    let mut m = desk_of(&mut db, "lijun");
    let open_matter = [
        act(Action::Lookup),
        text("于营"),
        act(Action::Open),
        act(Action::Open),
    ];
    send(&mut m, &db, &open_matter);
    assert_eq!(m.screen(), Screen::Matter);
    assert!(m.s.offers(Screen::Matter, &m.ctx, Action::IssueLetter));
    send(&mut m, &db, &[act(Action::IssueLetter)]);
    assert_eq!(m.screen(), Screen::Supervision);
    let form = screen(&render(&m, COLOUR));
    assert!(form.contains("事项编号 2026-000001"), "{form}");
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(m.s.supervision.rows.len(), 1);
    assert_eq!(m.s.supervision.rows[0].matter, M1);

    let mut handler = desk_of(&mut db, "wangwei");
    send(&mut handler, &db, &open_matter);
    assert_eq!(handler.screen(), Screen::Matter);
    assert!(!handler
        .s
        .offers(Screen::Matter, &handler.ctx, Action::IssueLetter));
    send(&mut handler, &db, &[act(Action::IssueLetter)]);
    assert_eq!(handler.screen(), Screen::Matter);
}

#[test]
fn the_selected_letter_shows_the_number_of_its_notice_and_the_reply() {
    let mut db = with_letters();
    db.as_user("lijun")
        .reply_supervision(2, date!(2026 - 03 - 30), "已现场核查")
        .unwrap();
    let mut m = desk_of(&mut db, "lijun");
    send(
        &mut m,
        &db,
        &[
            act(Action::Supervision),
            act(Action::NextList),
            act(Action::NextList),
        ],
    );
    send(&mut m, &db, &[act(Action::Down)]);
    let shown = screen(&render(&m, COLOUR));
    // Each letter was issued as a notice of its kind, numbered per kind.
    let want = "编号 2 · 信督〔2026〕1号 · 发出人：李军 · 回复情况：已现场核查";
    assert!(shown.contains(want), "{want}\n{shown}");
    send(&mut m, &db, &[act(Action::Up)]);
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains("编号 1 · 信提〔2026〕1号 · 发出人：李军"),
        "{shown}"
    );
}

#[test]
fn the_rota_names_only_active_leaders_and_the_card_carries_who_answers_for_a_person() {
    let mut db = office();
    let admin = db.as_admin();
    admin
        .staff_add("sunhao", "孙浩", xfdesk::domain::Role::Leader, None)
        .unwrap();
    admin.staff_disable("sunhao").unwrap();
    let leaders = db.as_user("wangwei").active_leaders().unwrap();
    assert_eq!(leaders, [("zhaomin".to_string(), "赵敏".to_string())]);

    let id = db.as_user("lijun").matter_petitioners(M1).unwrap()[0].0;
    let card = db.desk.petitioner_card(id).unwrap().unwrap();
    assert_eq!(card.watch, None);
    use xfdesk::domain::keylist::WatchStatus;
    db.desk
        .keep_watch(id, None, "wangwei", WatchStatus::Stable)
        .unwrap();
    let card = db.as_user("zhangli").petitioner_card(id).unwrap().unwrap();
    let watch = card.watch.expect("the person responsible on the card");
    assert_eq!(
        (watch.responsible.as_str(), watch.status),
        ("wangwei", WatchStatus::Stable)
    );
}

#[test]
fn a_supervisor_edits_a_session_and_a_new_date_moves_it() {
    let mut db = with_rota();
    let mut m = desk_of(&mut db, "lijun");
    send(
        &mut m,
        &db,
        &[act(Action::ReceptionRota), act(Action::Down)],
    );
    send(&mut m, &db, &[act(Action::RotaEdit)]);
    let form = screen(&render(&m, COLOUR));
    assert!(
        form.contains("2026-04-16") && form.contains("辛安街道办事处"),
        "{form}"
    );
    let mut keys = retype("2026-04-17").to_vec();
    keys.extend([act(Action::NextField), act(Action::NextField)]);
    keys.extend(retype("区群众来访接待中心"));
    keys.push(act(Action::Save));
    send(&mut m, &db, &keys);
    let list = screen(&render(&m, COLOUR));
    assert!(!list.contains("2026-04-16"), "moved, not copied:\n{list}");
    let row = list
        .lines()
        .find(|l| l.contains("2026-04-17"))
        .expect(&list);
    assert!(
        row.contains("区群众来访接待中心") && row.contains("区教体局"),
        "{row}"
    );
    assert_eq!(m.s.rota.rows.len(), 2);
}
