//! Key cases at the desk (issue 16, in part): the mark on the card every
//! role sees, the leader's home row and case list, and the case's line on
//! its matter, overdue in the alarm style.

mod common;

use common::key_case::{with_late_case, YU_YING};
use common::screen::{act, render, screen, send, COLOUR};
use common::TestDb;
use time::macros::date;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{Model, Msg, Screen};

/// The office with 于营's matter a key case of 赵敏 (leader), due 03-31,
/// opened by the supervisor 李军; the desk's day is 2026-04-02, so it is late.
fn office() -> TestDb {
    with_late_case(YU_YING)
}

fn desk_of(db: &mut TestDb, login: &str) -> Model {
    db.as_user(login);
    let mut m = Model::new(&db.desk, Lang::Zh, date!(2026 - 04 - 02)).unwrap();
    m.ctx.user = login.into();
    m
}

#[test]
fn a_receptionist_sees_the_case_as_a_mark_on_the_card() {
    let mut db = office();
    let mut m = desk_of(&mut db, "zhangli");
    send(
        &mut m,
        &db,
        &[
            act(Action::Lookup),
            Msg::Text("于营".into()),
            act(Action::Open),
        ],
    );
    assert_eq!(m.screen(), Screen::Card);
    let card = screen(&render(&m, COLOUR));
    assert!(card.contains("积案 2026-000001"), "{card}");
    // No list of cases for a receptionist: the key does nothing.
    send(&mut m, &db, &[act(Action::Cases)]);
    assert_eq!(m.screen(), Screen::Card);
}

#[test]
fn a_leader_finds_their_case_from_home_and_sees_it_late_on_the_matter() {
    let mut db = office();
    let mut m = desk_of(&mut db, "zhaomin");
    let home = screen(&render(&m, COLOUR));
    let row = home
        .lines()
        .find(|l| l.contains("积案"))
        .expect("a home row of cases");
    assert!(row.trim_end_matches('│').trim_end().ends_with('1'), "{row}");
    send(&mut m, &db, &[act(Action::Cases)]);
    assert_eq!(m.screen(), Screen::Cases);
    let list = screen(&render(&m, COLOUR));
    assert!(
        list.contains("2026-000001") && list.contains("赵敏") && list.contains("区教体局"),
        "names, not logins or codes:\n{list}"
    );
    assert!(list.contains("2026-03-31 超期"), "{list}");
    insta::assert_snapshot!("cases_leader_zh", list);
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
    let matter = screen(&render(&m, COLOUR));
    assert!(
        matter.contains("积案：包案领导 赵敏  化解时限 2026-03-31 超期  状态 在办"),
        "{matter}"
    );
}

#[test]
fn tab_steps_through_cases_in_hand_overdue_and_all() {
    let mut db = office();
    let mut m = desk_of(&mut db, "lijun");
    send(&mut m, &db, &[act(Action::Cases)]);
    assert_eq!(m.s.cases.rows.len(), 1);
    send(&mut m, &db, &[act(Action::NextList)]);
    assert!(screen(&render(&m, COLOUR)).contains("积案 · 超期 (1)"));
    send(&mut m, &db, &[act(Action::NextList)]);
    assert!(screen(&render(&m, COLOUR)).contains("积案 · 全部 (1)"));
}
