//! A key case worked at the desk from its matter (`c`): a supervisor opens
//! it with the four 定 (a missing one named, nothing written), the leader
//! who received the visit on a reception day proposed first; the case's
//! leader logs on their own case and moves its status; a supervisor clears
//! it with a reason; handlers and receptionists are offered none of it.

mod common;

use common::screen::{act, render, screen, send, COLOUR};
use common::{audit_trail, TestDb};
use time::macros::{date, datetime};
use xfdesk::domain::case::{CaseDraft, CaseSource, CaseStatus};
use xfdesk::domain::LedgerNo;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{Model, Msg, Screen};

const M1: LedgerNo = LedgerNo { year: 2026, seq: 1 };
const M2: LedgerNo = LedgerNo { year: 2026, seq: 2 };

/// 于营 visited on 2026-01-05, a reception day of 赵敏 with 区教体局
/// present; 韩梅 visited on 2026-01-06, no one's reception day. 孙浩 is a
/// second leader.
const PEOPLE: &str = r#"{"type":"staff","login":"sunhao","name":"孙浩","role":"leader"}
{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","town":"370211001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校","first_receiver":"zhangli","registered_at":"2026-01-05T09:00:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-01-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"petitioner","ref":"p2","name":"韩梅","town":"370211001"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车停运","first_receiver":"zhangli","registered_at":"2026-01-06T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-01-06T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"reception_day","date":"2026-01-05","leader":"zhaomin","place":"县群众来访接待中心","units":["jtj"]}
"#;

fn office() -> TestDb {
    TestDb::office(PEOPLE, datetime!(2026-04-02 10:00 +8), "lijun")
}

/// A case on `ledger` owned by `leader`, opened by the supervisor.
fn case_of(db: &mut TestDb, ledger: LedgerNo, leader: &str) {
    let draft = CaseDraft {
        source: Some(CaseSource::Screened),
        leader: Some(leader.into()),
        measures: Some("联合教体局现场核查".into()),
        due: Some(date!(2026 - 05 - 31)),
        unit: Some("jtj".into()),
        owner: Some("wangwei".into()),
        ..Default::default()
    };
    db.as_user("lijun").open_case(ledger, &draft).unwrap();
}

/// `login`'s desk on 2026-04-02, showing the matter of `name`.
fn matter_of(db: &mut TestDb, login: &str, name: &str, lang: Lang) -> Model {
    db.as_user(login);
    let mut m = Model::new(&db.desk, lang, date!(2026 - 04 - 02)).unwrap();
    m.ctx.user = login.into();
    send(
        &mut m,
        db,
        &[
            act(Action::Lookup),
            Msg::Text(name.into()),
            act(Action::Open),
            act(Action::Open),
        ],
    );
    assert_eq!(m.screen(), Screen::Matter);
    m
}

fn shown(m: &Model) -> String {
    screen(&render(m, COLOUR))
}

fn offered(m: &Model) -> bool {
    m.s.offers(Screen::Matter, &m.ctx, Action::Case)
}

fn text(s: &str) -> Msg {
    Msg::Text(s.into())
}

#[test]
fn a_supervisor_opens_a_case_with_the_four_ding_and_the_head_shows_it() {
    let mut db = office();
    let mut m = matter_of(&mut db, "lijun", "韩梅", Lang::Zh);
    assert!(offered(&m));
    assert!(shown(&m).contains("c 积案办理"), "the hint bar offers it");
    send(&mut m, &db, &[act(Action::Case)]);
    let form = shown(&m);
    assert!(form.contains("立为积案 2026-000002"), "{form}");
    insta::assert_snapshot!("case_open_form_zh", form);
    // The focus starts on the measures: source and leader are chosen.
    send(
        &mut m,
        &db,
        &[
            text("联合教体局现场核查"),
            act(Action::NextField),
            text("2026-05-31"),
            act(Action::NextField),
            act(Action::NextField),
            text("wangwei"),
        ],
    );
    assert!(
        shown(&m).contains("wangwei  王伟"),
        "the login's name beside it"
    );
    send(&mut m, &db, &[act(Action::Open)]);
    let head = shown(&m);
    assert!(head.contains("已立为积案 2026-000002"), "{head}");
    assert!(
        head.contains("积案：包案领导 孙浩  化解时限 2026-05-31  状态 在办"),
        "{head}"
    );
    assert!(head.contains("责任 区教体局 王伟  来源 排查"), "{head}");
    assert!(head.contains("措施 联合教体局现场核查"), "{head}");
    let case = db.desk.case(M2).unwrap().expect("the case is on file");
    assert_eq!(
        (case.leader.as_str(), case.owner.as_str(), case.due),
        ("sunhao", "wangwei", date!(2026 - 05 - 31))
    );
    insta::assert_snapshot!("case_matter_head_zh", head);
}

#[test]
fn a_missing_ding_is_named_on_the_form_and_nothing_is_written() {
    let mut db = office();
    let mut m = matter_of(&mut db, "lijun", "韩梅", Lang::Zh);
    send(&mut m, &db, &[act(Action::Case), act(Action::Save)]);
    let form = shown(&m);
    assert!(
        form.contains("✗ 请填写：化解措施、化解时限、责任人"),
        "{form}"
    );
    // An assigned case also needs who assigned it and their number.
    send(
        &mut m,
        &db,
        &[act(Action::PrevField), act(Action::PrevField), Msg::Left],
    );
    assert!(shown(&m).contains("‹ 上级交办 ›"), "{}", shown(&m));
    send(&mut m, &db, &[act(Action::Open)]);
    let form = shown(&m);
    assert!(
        form.contains("请填写：交办机关、交办文号、化解措施、化解时限、责任人"),
        "{form}"
    );
    // Past the body, its number, the leader and the measures.
    for _ in 0..5 {
        send(&mut m, &db, &[act(Action::NextField)]);
    }
    send(&mut m, &db, &[text("2026-13-01"), act(Action::Save)]);
    assert!(shown(&m).contains("化解时限须为日期"), "{}", shown(&m));
    assert_eq!(db.desk.case(M2).unwrap(), None, "nothing written");
    assert!(!audit_trail(&db).iter().any(|e| e.what.contains("key case")));
}

#[test]
fn the_leader_who_received_the_visit_is_proposed_and_owns_the_case() {
    let mut db = office();
    let mut m = matter_of(&mut db, "lijun", "于营", Lang::Zh);
    let matter = shown(&m);
    assert!(
        matter.contains("接访领导 赵敏"),
        "on the visit's line:\n{matter}"
    );
    send(&mut m, &db, &[act(Action::Case)]);
    let form = shown(&m);
    assert!(form.contains("‹ 赵敏 ›（接访领导）"), "{form}");
    assert!(
        form.contains("‹ 区教体局 ›"),
        "the unit present that day: {form}"
    );
    send(
        &mut m,
        &db,
        &[
            text("领导接访包案"),
            act(Action::NextField),
            text("2026-04-30"),
            act(Action::NextField),
            act(Action::NextField),
            text("wangwei"),
            act(Action::Open),
        ],
    );
    let case = db.desk.case(M1).unwrap().expect("opened");
    assert_eq!(
        (case.leader.as_str(), case.unit.as_str()),
        ("zhaomin", "jtj")
    );
    assert!(shown(&m).contains("积案：包案领导 赵敏"), "{}", shown(&m));
}

#[test]
fn a_leader_logs_on_their_own_case_only_and_cannot_clear_it() {
    let mut db = office();
    case_of(&mut db, M1, "zhaomin");
    case_of(&mut db, M2, "sunhao");
    let mut other = matter_of(&mut db, "zhaomin", "韩梅", Lang::Zh);
    assert!(!offered(&other), "not offered on another leader's case");
    send(&mut other, &db, &[act(Action::Case)]);
    assert_eq!(
        other.ctx.status.as_deref(),
        Some("您对此积案无可办理的操作")
    );
    let mut m = matter_of(&mut db, "zhaomin", "于营", Lang::Zh);
    assert!(offered(&m));
    send(&mut m, &db, &[act(Action::Case)]);
    let menu = shown(&m);
    assert!(
        menu.contains("包案记录") && menu.contains("变更积案状态"),
        "{menu}"
    );
    assert!(
        !menu.contains("销号") && !menu.contains("变更包案领导"),
        "{menu}"
    );
    send(
        &mut m,
        &db,
        &[
            act(Action::Open),
            Msg::Right,
            act(Action::NextField),
            text("约谈信访人，现场查看"),
            act(Action::Save),
        ],
    );
    let head = shown(&m);
    assert!(head.contains("已记录：包处理"), "{head}");
    assert!(
        head.contains("2026-04-02 包处理 赵敏 约谈信访人，现场查看"),
        "{head}"
    );
    // Handed to another leader while the form is open: the service
    // refuses, the status line says why, the form stays.
    send(
        &mut m,
        &db,
        &[
            act(Action::Case),
            act(Action::Open),
            act(Action::NextField),
            text("再次约谈"),
        ],
    );
    db.as_user("lijun")
        .assign_case_leader(M1, "sunhao")
        .unwrap();
    db.as_user("zhaomin");
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(
        m.ctx.status.as_deref(),
        Some("领导无权记录此积案的包案工作")
    );
    assert!(shown(&m).contains("再次约谈"), "the form stays");
    assert_eq!(db.desk.case(M1).unwrap().unwrap().log.len(), 1);
}

#[test]
fn handlers_and_receptionists_are_offered_nothing_on_a_case() {
    let mut db = office();
    case_of(&mut db, M1, "zhaomin");
    for login in ["wangwei", "zhangli"] {
        let mut m = matter_of(&mut db, login, "于营", Lang::Zh);
        assert!(!offered(&m), "{login}");
        assert!(!shown(&m).contains("积案办理"), "{login}: no hint");
        send(&mut m, &db, &[act(Action::Case)]);
        assert!(!shown(&m).contains("包案记录"), "{login}: no menu");
    }
    // Nor a case to open on a matter without one.
    let m = matter_of(&mut db, "wangwei", "韩梅", Lang::Zh);
    assert!(!offered(&m));
}

#[test]
fn status_and_clearing_show_on_the_head_and_a_cleared_case_takes_nothing() {
    let mut db = office();
    case_of(&mut db, M1, "zhaomin");
    let mut m = matter_of(&mut db, "lijun", "于营", Lang::Zh);
    // The menu: leader, log, status (clearing waits for a resolution).
    send(&mut m, &db, &[act(Action::Case)]);
    assert!(!shown(&m).contains("销号"), "{}", shown(&m));
    send(
        &mut m,
        &db,
        &[
            act(Action::Down),
            act(Action::Down),
            act(Action::Open),
            act(Action::Save),
        ],
    );
    assert!(shown(&m).contains("状态 化解"), "{}", shown(&m));
    send(&mut m, &db, &[act(Action::Case)]);
    for _ in 0..3 {
        send(&mut m, &db, &[act(Action::Down)]);
    }
    send(&mut m, &db, &[act(Action::Open), act(Action::Save)]);
    assert!(shown(&m).contains("请填写：理由"), "{}", shown(&m));
    send(&mut m, &db, &[text("已息诉罢访"), act(Action::Save)]);
    let head = shown(&m);
    assert!(head.contains("已销号"), "{head}");
    assert!(head.contains("状态 销号"), "{head}");
    assert!(head.contains("2026-04-02 销号 李军 已息诉罢访"), "{head}");
    assert!(head.contains("2026-04-02 化解 李军"), "{head}");
    assert_eq!(
        db.desk.case(M1).unwrap().unwrap().status,
        CaseStatus::Cleared
    );
    assert!(!offered(&m), "a cleared case takes nothing more");
    let trail = audit_trail(&db);
    assert!(trail.iter().any(|e| e.what.contains("→ cleared")));
}

#[test]
fn the_open_form_and_a_cases_head_in_english() {
    let mut db = office();
    case_of(&mut db, M1, "zhaomin");
    db.as_user("zhaomin")
        .add_case_log(
            M1,
            xfdesk::domain::case::CaseLogKind::Investigate,
            "现场调查",
        )
        .unwrap();
    let m = matter_of(&mut db, "lijun", "于营", Lang::En);
    let head = shown(&m);
    assert!(head.contains("Leader 赵敏"), "{head}");
    insta::assert_snapshot!("case_matter_head_en", head);
    let mut m = matter_of(&mut db, "lijun", "韩梅", Lang::En);
    send(&mut m, &db, &[act(Action::Case)]);
    insta::assert_snapshot!("case_open_form_en", shown(&m));
}

#[test]
fn a_supervisor_hands_the_case_to_another_leader_chosen_by_name() {
    let mut db = office();
    case_of(&mut db, M1, "zhaomin");
    let mut m = matter_of(&mut db, "lijun", "于营", Lang::Zh);
    send(&mut m, &db, &[act(Action::Case), act(Action::Open)]);
    let form = shown(&m);
    assert!(
        form.contains("变更包案领导 2026-000001") && form.contains("‹ 赵敏 ›"),
        "{form}"
    );
    send(&mut m, &db, &[Msg::Left]);
    assert!(shown(&m).contains("‹ 孙浩 ›"));
    send(&mut m, &db, &[act(Action::Save)]);
    let head = shown(&m);
    assert!(head.contains("已变更包案领导"), "{head}");
    assert!(head.contains("积案：包案领导 孙浩"), "{head}");
    assert_eq!(db.desk.case(M1).unwrap().unwrap().leader, "sunhao");
}
