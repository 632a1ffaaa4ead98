//! Key cases, supervision, reception days and the key-person list through
//! the service: who may do what, every change audited, the indexes kept
//! (`check`), the lists, the leader's home and the report on dated data.

mod common;

use common::{audit_trail, integrity, TestDb};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use xfdesk::domain::case::{CaseDraft, CaseLogKind, CaseSource, CaseStatus};
use xfdesk::domain::keylist::{CandidateReason, WatchStatus};
use xfdesk::domain::period::Period;
use xfdesk::domain::supervision::{ReceptionDay, SupervisionKind};
use xfdesk::domain::{LedgerNo, Level};
use xfdesk::service::cases::lists::{CaseOnly, CaseWho};
use xfdesk::service::cases::supervise::{LetterDraft, LetterOnly};
use xfdesk::service::{current_unix_user, ServiceError};

const NOW: OffsetDateTime = datetime!(2026-03-20 10:00 +8);
const TODAY: Date = date!(2026 - 03 - 20);
const M1: LedgerNo = LedgerNo { year: 2026, seq: 1 };
const M2: LedgerNo = LedgerNo { year: 2026, seq: 2 };

/// A second leader, a matter with five visits (the last on 2026-03-16, a
/// reception day) and a matter with one letter.
const CASES: &str = r#"{"type":"staff","login":"sunhao","name":"孙浩","role":"leader"}
{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","town":"370211001"}
{"type":"petitioner","ref":"p2","name":"王芳","town":"370211001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校","first_receiver":"zhangli","registered_at":"2026-01-05T09:00:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-01-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-01-20T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-02-03T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-02T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-16T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"cxjs","town":"370211001","summary":"拆迁补偿","first_receiver":"zhangli","registered_at":"2026-03-10T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-03-10T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来信"}
"#;

fn office() -> TestDb {
    TestDb::office(CASES, NOW, "lijun")
}

fn draft(leader: &str, unit: &str) -> CaseDraft {
    CaseDraft {
        source: Some(CaseSource::Repeat),
        leader: Some(leader.into()),
        measures: Some("联合住建部门现场核查".into()),
        due: Some(date!(2026 - 05 - 31)),
        unit: Some(unit.into()),
        owner: Some("wangwei".into()),
        ..Default::default()
    }
}

fn forbidden(r: Result<impl std::fmt::Debug, ServiceError>) {
    assert!(matches!(r, Err(ServiceError::Forbidden { .. })), "{r:?}");
}

#[test]
fn the_four_ding_are_required_and_a_refusal_writes_nothing() {
    let mut db = office();
    let before = audit_trail(&db).len();
    let half = CaseDraft {
        leader: Some("zhaomin".into()),
        ..Default::default()
    };
    let e = db.as_user("lijun").open_case(M1, &half).unwrap_err();
    let msg = e.to_string();
    for field in ["measures", "due", "unit", "owner"] {
        assert!(msg.contains(field), "{msg}");
    }
    assert!(!msg.contains("leader"), "{msg}");
    let e = db.desk.open_case(M1, &draft("wangwei", "jtj")).unwrap_err();
    assert!(e.to_string().contains("not an active leader"), "{e}");
    let e = db
        .desk
        .open_case(M1, &draft("zhaomin", "nope"))
        .unwrap_err();
    assert!(e.to_string().contains("unit nope"), "{e}");
    assert_eq!(audit_trail(&db).len(), before);
    assert_eq!(db.desk.store().case(M1).unwrap(), None);
}

#[test]
fn a_case_from_opening_to_clearing_each_step_audited_and_checked() {
    let mut db = office();
    let c = db
        .as_user("lijun")
        .open_case(M1, &draft("zhaomin", "jtj"))
        .unwrap();
    assert_eq!((c.status, c.opened), (CaseStatus::Open, TODAY));
    assert!(
        db.desk.open_case(M1, &draft("zhaomin", "jtj")).is_err(),
        "one per matter"
    );
    db.as_user("zhaomin")
        .add_case_log(M1, CaseLogKind::Investigate, "现场调查")
        .unwrap();
    forbidden(
        db.as_user("sunhao")
            .add_case_log(M1, CaseLogKind::Handle, "x"),
    );
    forbidden(
        db.as_user("wangwei")
            .add_case_log(M1, CaseLogKind::Handle, "x"),
    );
    forbidden(db.as_user("zhaomin").clear_case(M1, "已化解"));
    db.as_user("zhaomin")
        .set_case_status(M1, CaseStatus::Resolved, None)
        .unwrap();
    let e = db.as_user("lijun").clear_case(M1, " ").unwrap_err();
    assert!(e.to_string().contains("reason"), "{e}");
    let c = db.desk.clear_case(M1, "息诉罢访，回访满意").unwrap();
    assert_eq!(c.status, CaseStatus::Cleared);
    assert_eq!(c.log.len(), 1);
    assert_eq!(c.changes.len(), 2);
    let e = db
        .desk
        .set_case_status(M1, CaseStatus::Open, None)
        .unwrap_err();
    assert!(e.to_string().contains("cleared"), "{e}");
    let trail: Vec<String> = audit_trail(&db)
        .into_iter()
        .filter(|a| a.record == "matter 2026-000001")
        .map(|a| format!("{} {}", a.by, a.what))
        .collect();
    assert_eq!(
        trail,
        [
            "lijun opened key case (repeat), leader zhaomin, unit jtj, owner wangwei, due 2026-05-31",
            "zhaomin key case log investigate",
            "zhaomin key case open → resolved",
            "lijun key case resolved → cleared",
        ]
    );
    let report = integrity(&db.desk);
    assert!(report.is_ok(), "{:?}", report.problems);
    // Saved: it is there after the database is opened again.
    let db = db.reopen("lijun", NOW);
    assert_eq!(
        db.desk.case(M1).unwrap().unwrap().status,
        CaseStatus::Cleared
    );
}

#[test]
fn who_sees_which_cases_and_the_mark_on_the_card() {
    let mut db = office();
    db.as_user("lijun")
        .open_case(M1, &draft("zhaomin", "jtj"))
        .unwrap();
    db.desk
        .open_case(
            M2,
            &CaseDraft {
                due: Some(date!(2026 - 04 - 30)),
                ..draft("sunhao", "zrj")
            },
        )
        .unwrap();
    forbidden(
        db.as_user("zhangli")
            .open_case(M2, &draft("zhaomin", "jtj")),
    );
    forbidden(db.as_user("wangwei").assign_case_leader(M1, "sunhao"));
    let ledgers = |p: xfdesk::service::page::Page<xfdesk::domain::case::Case>| {
        p.rows.iter().map(|c| c.matter).collect::<Vec<_>>()
    };
    let all = db
        .as_user("lijun")
        .cases(&CaseWho::All, CaseOnly::Active, TODAY, 10)
        .unwrap();
    assert_eq!(ledgers(all), [M2, M1], "soonest deadline first");
    let mine = db
        .as_user("zhaomin")
        .cases(&CaseWho::Mine, CaseOnly::Active, TODAY, 10)
        .unwrap();
    assert_eq!(ledgers(mine), [M1]);
    let unit = db
        .as_user("wangwei")
        .cases(&CaseWho::MyUnit, CaseOnly::Active, TODAY, 10)
        .unwrap();
    assert_eq!(ledgers(unit), [M1]);
    forbidden(db.as_user("wangwei").cases(
        &CaseWho::Unit("zrj".into()),
        CaseOnly::Active,
        TODAY,
        10,
    ));
    forbidden(
        db.as_user("wangwei")
            .cases(&CaseWho::All, CaseOnly::Active, TODAY, 10),
    );
    forbidden(
        db.as_user("zhangli")
            .cases(&CaseWho::All, CaseOnly::Active, TODAY, 10),
    );
    forbidden(db.as_user("wangwei").case(M2));
    let overdue = db
        .as_user("lijun")
        .cases(&CaseWho::All, CaseOnly::Overdue, date!(2026 - 05 - 01), 10)
        .unwrap();
    assert_eq!(ledgers(overdue), [M2]);
    let page = db
        .desk
        .cases(&CaseWho::All, CaseOnly::Active, TODAY, 1)
        .unwrap();
    assert_eq!((page.rows.len(), page.total), (1, 2));
    db.as_user("lijun")
        .assign_case_leader(M2, "zhaomin")
        .unwrap();
    let mine = db
        .as_user("zhaomin")
        .cases(&CaseWho::Mine, CaseOnly::Active, TODAY, 10)
        .unwrap();
    assert_eq!(ledgers(mine), [M2, M1]);
    // A receptionist sees the mark on the person's card, not the case.
    let p1 = common::pid(&db, "于营");
    let card = db.as_user("zhangli").petitioner_card(p1).unwrap().unwrap();
    assert_eq!(card.open_cases, [M1]);
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn supervision_is_issued_by_supervisors_and_answered_by_the_unit() {
    let mut db = office();
    let letter = LetterDraft {
        matter: M1,
        kind: SupervisionKind::Directive,
        level: Some(Level::County),
        unit: "jtj".into(),
        reply_due: date!(2026 - 03 - 25),
    };
    forbidden(db.as_user("wangwei").issue_supervision(&letter));
    forbidden(db.as_user("zhaomin").issue_supervision(&letter));
    let s = db.as_user("lijun").issue_supervision(&letter).unwrap();
    assert_eq!((s.id, s.issued), (1, TODAY));
    // The letter is a notice too: numbered from the office's pattern, kept
    // with its matter, addressed to the letter's unit.
    let notices = db.desk.notices_of(M1).unwrap();
    let doc = notices
        .iter()
        .find(|n| n.kind == xfdesk::domain::NoticeKind::Directive)
        .expect("the directive's notice");
    assert_eq!(doc.doc_no, "信督〔2026〕1号");
    assert!(
        doc.text.contains("区教体局：") && doc.text.contains("2026-000001"),
        "{}",
        doc.text
    );
    let second = db
        .desk
        .issue_supervision(&LetterDraft {
            matter: M2,
            kind: SupervisionKind::Reminder,
            level: None,
            unit: "zrj".into(),
            reply_due: date!(2026 - 03 - 22),
        })
        .unwrap();
    assert_eq!(second.id, 2);
    let reminder = db.desk.notices_of(M2).unwrap();
    assert!(
        reminder
            .iter()
            .any(|n| n.doc_no == "信提〔2026〕1号" && n.text.contains("区自然资源局")),
        "{reminder:?}"
    );
    let bad = LetterDraft {
        kind: SupervisionKind::Reminder,
        ..letter.clone()
    };
    assert!(
        db.desk.issue_supervision(&bad).is_err(),
        "a reminder has no level"
    );
    let late = date!(2026 - 03 - 26);
    let overdue = db
        .desk
        .supervisions(None, LetterOnly::Overdue, late)
        .unwrap();
    assert_eq!(overdue.iter().map(|s| s.id).collect::<Vec<_>>(), [2, 1]);
    forbidden(db.as_user("sunli").reply_supervision(1, TODAY, "x"));
    forbidden(
        db.as_user("wangwei")
            .supervisions(Some("zrj".into()), LetterOnly::Every, TODAY),
    );
    let mine = db
        .as_user("wangwei")
        .supervisions(None, LetterOnly::Unanswered, TODAY)
        .unwrap();
    assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), [1]);
    db.desk.reply_supervision(1, TODAY, "已组织核查").unwrap();
    assert!(db.desk.reply_supervision(1, TODAY, "again").is_err());
    let left = db
        .as_user("lijun")
        .supervisions(None, LetterOnly::Overdue, late)
        .unwrap();
    assert_eq!(left.iter().map(|s| s.id).collect::<Vec<_>>(), [2]);
    let trail = audit_trail(&db);
    assert!(trail
        .iter()
        .any(|a| a.by == "wangwei" && a.what.contains("recorded the reply")));
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn reception_rota_a_case_in_one_step_and_the_leaders_home() {
    let mut db = office();
    let day = ReceptionDay {
        date: date!(2026 - 03 - 16),
        leader: "sunhao".into(),
        place: "县群众来访接待中心".into(),
        units: vec!["jtj".into(), "zrj".into()],
    };
    forbidden(db.as_user("zhangli").set_reception_day(&day));
    db.as_user("lijun").set_reception_day(&day).unwrap();
    db.desk
        .set_reception_day(&ReceptionDay {
            date: TODAY,
            ..day.clone()
        })
        .unwrap();
    let bad = ReceptionDay {
        leader: "wangwei".into(),
        ..day.clone()
    };
    assert!(
        db.desk.set_reception_day(&bad).is_err(),
        "a rota names leaders"
    );
    assert_eq!(db.desk.reception_days(TODAY, TODAY).unwrap().len(), 1);
    // The matter's last visit was on the 16th, when sunhao received.
    let c = db
        .desk
        .open_case_from_session(
            M1,
            None,
            &CaseDraft {
                leader: None,
                ..draft("x", "jtj")
            },
        )
        .unwrap();
    assert_eq!(c.leader, "sunhao");
    let e = db
        .desk
        .open_case_from_session(M2, None, &draft("x", "jtj"))
        .unwrap_err();
    assert!(e.to_string().contains("no visit"), "{e}");
    let home = db
        .as_user("sunhao")
        .leader_home(date!(2026 - 05 - 26), 10)
        .unwrap();
    assert_eq!(home.open.total, 1);
    assert_eq!(
        home.due_this_week.len(),
        1,
        "due 2026-05-31, within seven days"
    );
    assert!(home.sessions_today.is_empty());
    let home = db.desk.leader_home(TODAY, 10).unwrap();
    assert!(home.due_this_week.is_empty());
    assert_eq!(home.sessions_today.len(), 1);
    db.as_user("lijun")
        .remove_reception_day(TODAY, "sunhao")
        .unwrap();
    assert!(db.desk.reception_days(TODAY, TODAY).unwrap().is_empty());
}

#[test]
fn candidates_are_matters_with_five_contacts_not_yet_cases() {
    let mut db = office();
    let page = db.as_user("zhaomin").case_candidates(TODAY, 10).unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].matter, M1);
    assert!(page.rows[0]
        .reasons
        .contains(&CandidateReason::ManyContacts));
    assert!(page.rows[0]
        .reasons
        .contains(&CandidateReason::RecentRepeat));
    forbidden(db.as_user("zhangli").case_candidates(TODAY, 10));
    db.as_user("lijun")
        .open_case(M1, &draft("zhaomin", "jtj"))
        .unwrap();
    assert_eq!(db.desk.case_candidates(TODAY, 10).unwrap().total, 0);
}

#[test]
fn key_persons_are_flagged_by_supervisors_and_leave_after_twelve_months() {
    let mut db = office();
    let p2 = common::pid(&db, "王芳");
    forbidden(
        db.as_user("zhangli")
            .keep_watch(p2, Some("多次越级"), "lijun", WatchStatus::Watch),
    );
    forbidden(
        db.as_user("zhaomin")
            .keep_watch(p2, Some("多次越级"), "lijun", WatchStatus::Watch),
    );
    assert!(db
        .as_user("lijun")
        .key_person_list(TODAY)
        .unwrap()
        .is_empty());
    db.desk
        .keep_watch(p2, Some("多次越级"), "wangwei", WatchStatus::Watch)
        .unwrap();
    let list = db.desk.key_person_list(TODAY).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].responsible.as_deref(), Some("wangwei"));
    assert_eq!(list[0].key_person.as_deref(), Some("多次越级"));
    assert_eq!(list[0].last_contact, Some(date!(2026 - 03 - 10)));
    assert!(audit_trail(&db)
        .iter()
        .any(|a| a.what.starts_with("flagged key person")));
    db.set_now(datetime!(2027-03-19 10:00 +8));
    assert_eq!(
        db.desk
            .key_person_list(date!(2027 - 03 - 19))
            .unwrap()
            .len(),
        1
    );
    assert!(db
        .desk
        .key_person_list(date!(2027 - 03 - 20))
        .unwrap()
        .is_empty());
    db.as_user(&current_unix_user())
        .set_office_setting("key_list_months", "24")
        .unwrap();
    assert_eq!(
        db.as_user("lijun")
            .key_person_list(date!(2027 - 03 - 20))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_report_counts_per_leader_and_unit_on_dated_data() {
    let mut db = office();
    db.as_user("lijun")
        .open_case(M1, &draft("zhaomin", "jtj"))
        .unwrap();
    db.desk
        .open_case(
            M2,
            &CaseDraft {
                due: Some(date!(2026 - 03 - 31)),
                ..draft("zhaomin", "zrj")
            },
        )
        .unwrap();
    db.set_now(datetime!(2026-04-10 10:00 +8));
    db.as_user("zhaomin")
        .set_case_status(M1, CaseStatus::Resolved, None)
        .unwrap();
    db.set_now(datetime!(2026-04-12 10:00 +8));
    db.as_user("lijun").clear_case(M1, "回访满意").unwrap();
    let r = db
        .as_user("zhaomin")
        .case_report(&Period::custom(date!(2026 - 04 - 01), date!(2026 - 04 - 30)).unwrap())
        .unwrap();
    let rows: Vec<String> = r
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} {} {} {}/{}",
                r.by,
                r.who,
                r.open,
                r.opened,
                r.resolved,
                r.cleared,
                r.overdue,
                r.resolution.num,
                r.resolution.den
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "leader zhaomin 1 0 1 1 1 1/2",
            "unit jtj 0 0 1 1 0 1/1",
            "unit zrj 1 0 0 0 1 0/1",
        ]
    );
    assert_eq!((r.resolution.num, r.resolution.den), (1, 2));
    let r = db
        .desk
        .case_report(&Period::custom(date!(2026 - 03 - 01), date!(2026 - 03 - 31)).unwrap())
        .unwrap();
    assert_eq!(r.rows[0].opened, 2);
    assert_eq!(r.rows[0].open, 2);
    assert_eq!(
        r.rows[0].overdue, 0,
        "due on the 31st is not overdue on the 31st"
    );
    forbidden(
        db.as_user("wangwei")
            .case_report(&Period::custom(TODAY, TODAY).unwrap()),
    );
}

#[test]
fn sessions_held_per_leader_and_month_against_the_rota() {
    let mut db = office();
    // A visit was registered on the 16th, none on the 17th.
    for date in [date!(2026 - 03 - 16), date!(2026 - 03 - 17)] {
        let day = ReceptionDay {
            date,
            leader: "sunhao".into(),
            place: "接待中心".into(),
            units: vec![],
        };
        db.as_user("lijun").set_reception_day(&day).unwrap();
    }
    let march = Period::custom(date!(2026 - 03 - 01), date!(2026 - 03 - 31)).unwrap();
    let r = db.as_user("zhaomin").case_report(&march).unwrap();
    let s = &r.sessions;
    assert_eq!(s.len(), 1);
    assert_eq!(
        (
            s[0].leader.as_str(),
            s[0].month.as_str(),
            s[0].planned,
            s[0].held
        ),
        ("sunhao", "2026-03", 2, 1)
    );
}

#[test]
fn the_leaders_a_case_may_go_to_and_the_reception_days_of_a_matters_visits() {
    let mut db = office();
    db.as_user("lijun")
        .set_reception_day(&ReceptionDay {
            date: date!(2026 - 03 - 16),
            leader: "sunhao".into(),
            place: "县群众来访接待中心".into(),
            units: vec!["jtj".into()],
        })
        .unwrap();
    db.desk
        .set_reception_day(&ReceptionDay {
            date: date!(2026 - 03 - 17),
            leader: "zhaomin".into(),
            place: "县群众来访接待中心".into(),
            units: vec![],
        })
        .unwrap();
    // Any desk may read them: names and the rota are no secret.
    let leaders = db.as_user("zhangli").active_leaders().unwrap();
    assert_eq!(
        leaders,
        vec![
            ("sunhao".to_string(), "孙浩".to_string()),
            ("zhaomin".to_string(), "赵敏".to_string())
        ]
    );
    let on_visits = db.desk.receptions_of(M1).unwrap();
    assert_eq!(
        on_visits
            .iter()
            .map(|d| (d.date, d.leader.as_str()))
            .collect::<Vec<_>>(),
        vec![(date!(2026 - 03 - 16), "sunhao")],
        "the 17th had no visit of m1"
    );
    assert!(
        db.desk.receptions_of(M2).unwrap().is_empty(),
        "a letter only"
    );
    // A disabled leader is no longer offered.
    db.as_admin().staff_disable("zhaomin").unwrap();
    assert_eq!(db.desk.active_leaders().unwrap().len(), 1);
}
