//! Key cases on the desk for those who answer for them: a leader's home
//! (their open cases, what is due within the week, today's reception
//! session) and the key cases report on screen with its drill-down to the
//! cases behind a row.

mod common;

use common::key_case::{with_late_case, YU_YING};
use common::screen::{act, render, screen, send, COLOUR};
use common::TestDb;
use time::macros::date;
use xfdesk::domain::supervision::ReceptionDay;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{run_pending, Model, Screen};

/// Besides 于营: 钱七, whose second visit on 03-02 is a repeat within 90
/// days, so his matter is suggested as a key case.
const QIAN_QI: &str = r#"{"type":"petitioner","ref":"p2","name":"钱七","id_number":"370211198001010017","town":"370211001"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车停运","first_receiver":"zhangli","registered_at":"2026-02-02T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-02-02T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-03-02T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"再次来访"}
"#;

/// 于营's matter a key case of 赵敏 (leader), due 03-31 and so late on the
/// desk's day 2026-04-02, when 赵敏 also sits at the reception centre.
fn office() -> TestDb {
    let mut db = with_late_case(&format!("{YU_YING}{QIAN_QI}"));
    db.as_user("lijun")
        .set_reception_day(&ReceptionDay {
            date: date!(2026 - 04 - 02),
            leader: "zhaomin".into(),
            place: "县群众来访接待中心".into(),
            units: vec!["jtj".into()],
        })
        .unwrap();
    db
}

fn desk_of(db: &mut TestDb, login: &str, lang: Lang) -> Model {
    db.as_user(login);
    let mut m = Model::new(&db.desk, lang, date!(2026 - 04 - 02)).unwrap();
    m.ctx.user = login.into();
    m
}

#[test]
fn a_leaders_home_shows_their_open_cases_what_is_due_and_todays_session() {
    let mut db = office();
    let m = desk_of(&mut db, "zhaomin", Lang::Zh);
    let home = screen(&render(&m, COLOUR));
    assert!(
        home.contains("我的包案") && home.contains("在办积案 1"),
        "{home}"
    );
    assert!(
        home.contains("2026-000001  2026-03-31 超期  联合教体局现场核查"),
        "the late case is due this week:\n{home}"
    );
    assert!(
        home.contains("县群众来访接待中心  区教体局"),
        "today's session, its units by name:\n{home}"
    );
    insta::assert_snapshot!("leader_home_zh", home);
    let en = desk_of(&mut db, "zhaomin", Lang::En);
    let home = screen(&render(&en, COLOUR));
    assert!(
        home.contains("My key cases") && home.contains("Reception today"),
        "{home}"
    );
    insta::assert_snapshot!("leader_home_en", home);
    // Others' homes have no such panel.
    let clerk = desk_of(&mut db, "lijun", Lang::Zh);
    assert!(!screen(&render(&clerk, COLOUR)).contains("我的包案"));
}

/// The report of the year 2026 on screen, from the key cases list.
fn report_of_the_year(db: &mut TestDb, login: &str, lang: Lang) -> Model {
    let mut m = desk_of(db, login, lang);
    send(&mut m, db, &[act(Action::Cases), act(Action::CaseReport)]);
    assert_eq!(m.screen(), Screen::CaseReport);
    send(&mut m, db, &[act(Action::PeriodYear)]);
    run_pending(&mut m, &db.desk).unwrap();
    m
}

#[test]
fn the_cases_report_counts_by_leader_and_unit_and_drills_to_the_matter() {
    let mut db = office();
    let mut m = report_of_the_year(&mut db, "lijun", Lang::Zh);
    let shown = screen(&render(&m, COLOUR));
    let row = shown
        .lines()
        .find(|l| l.contains("赵敏"))
        .expect("the leader's row");
    let cells: Vec<&str> = row.trim_end_matches('│').split_whitespace().collect();
    // Open at the end, opened, resolved, cleared, overdue at the end, rate.
    assert_eq!(
        &cells[cells.len() - 6..],
        ["1", "1", "0", "0", "1", "0.0%"],
        "{row}"
    );
    assert!(shown.contains("化解率 0/1"), "{shown}");
    assert!(
        shown.contains("r 积案报表") || !shown.contains("积案报表 "),
        "{shown}"
    );
    insta::assert_snapshot!("case_report_zh", shown);
    send(&mut m, &db, &[act(Action::NextField)]);
    let units = screen(&render(&m, COLOUR));
    assert!(
        units.contains("区教体局") && !units.contains("赵敏"),
        "{units}"
    );
    send(&mut m, &db, &[act(Action::NextField)]);
    let sessions = screen(&render(&m, COLOUR));
    let row = sessions
        .lines()
        .find(|l| l.contains("赵敏"))
        .expect("a session row");
    assert!(
        row.contains("2026-04") && row.trim_end_matches('│').trim_end().ends_with('0'),
        "planned 1, none held:\n{sessions}"
    );
    // Back to the leaders, and down to the case behind the row.
    send(&mut m, &db, &[act(Action::NextField), act(Action::Open)]);
    run_pending(&mut m, &db.desk).unwrap();
    let drill = screen(&render(&m, COLOUR));
    assert!(drill.contains("赵敏 的积案 (1)"), "{drill}");
    assert!(
        drill.contains("2026-000001") && drill.contains("2026-03-31 超期"),
        "{drill}"
    );
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
}

#[test]
fn the_cases_report_speaks_english_and_is_only_for_those_who_run_reports() {
    let mut db = office();
    let m = report_of_the_year(&mut db, "zhaomin", Lang::En);
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains("Key cases · leader") && shown.contains("Resolution rate 0/1"),
        "{shown}"
    );
    insta::assert_snapshot!("case_report_en", shown);
    // A handler sees their unit's cases but runs no reports: `r` is not offered.
    let mut m = desk_of(&mut db, "wangwei", Lang::Zh);
    send(&mut m, &db, &[act(Action::Cases)]);
    assert_eq!(m.screen(), Screen::Cases);
    assert!(!screen(&render(&m, COLOUR)).contains("积案报表"));
    send(&mut m, &db, &[act(Action::CaseReport)]);
    assert_eq!(m.screen(), Screen::Cases);
}

#[test]
fn supervisors_see_the_matters_suggested_as_key_cases_and_open_one() {
    let mut db = office();
    let mut m = desk_of(&mut db, "lijun", Lang::Zh);
    let tabs = [
        act(Action::NextList),
        act(Action::NextList),
        act(Action::NextList),
    ];
    send(&mut m, &db, &[act(Action::Cases)]);
    send(&mut m, &db, &tabs);
    run_pending(&mut m, &db.desk).unwrap();
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains("积案 · 建议立案 (1)"), "{shown}");
    let row = shown
        .lines()
        .find(|l| l.contains("2026-000002"))
        .expect("钱七's matter");
    assert!(
        row.contains("近90天重复访") && row.contains("2026-03-02"),
        "{row}"
    );
    assert!(
        !shown.contains("2026-000001"),
        "a key case already is not suggested:\n{shown}"
    );
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
    // A handler's Tab goes round the three lists of cases only.
    let mut m = desk_of(&mut db, "wangwei", Lang::Zh);
    send(&mut m, &db, &[act(Action::Cases)]);
    send(&mut m, &db, &tabs);
    assert!(
        screen(&render(&m, COLOUR)).contains("积案 · 在办"),
        "back to the first list"
    );
}
