//! What the desk offers a person's keys: help and the hint bar name only
//! what works on the screen as it is, for this person's role.

mod common;

use common::screen::{act, model, render, row_text, screen, send, COLOUR};
use common::{TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{List, Screen};

/// The office of every role, with the example's 于营 and her matter (ready
/// to close: replied and evaluated), acting as `login`.
fn office(login: &str) -> TestDb {
    let people: String = INTERCHANGE_EXAMPLE
        .lines()
        .filter(|l| !l.contains(r#""type":"town""#) && !l.contains(r#""type":"village""#))
        .filter(|l| !l.contains(r#""type":"unit""#) && !l.contains(r#""type":"category""#))
        .filter(|l| !l.contains(r#""type":"staff""#))
        .map(|l| format!("{l}\n"))
        .collect();
    TestDb::office(&people, time::macros::datetime!(2026-07-01 10:00 +8), login)
}

const REPORT_KEYS: [&str; 4] = ["F5", "F6", "F7", "F8"];

#[test]
fn help_on_the_form_shows_a_receptionist_its_keys_and_no_reports_audit_or_staff() {
    let db = office("zhangli");
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut m = model(&db, lang);
        send(&mut m, &db, &[act(Action::Register), act(Action::Help)]);
        assert_eq!(m.screen(), Screen::Help);
        let text = screen(&render(&m, COLOUR));
        insta::assert_snapshot!(format!("help_form_receptionist_{tag}"), text);
        for k in REPORT_KEYS.iter().chain(&["F4", "Delete"]) {
            assert!(!text.contains(k), "{k} does nothing on the form:\n{text}");
        }
        for k in [
            "Left / Right",
            "Up / Down / Enter",
            "Home / Ctrl-a",
            "Ctrl-u",
            "Ctrl-w",
        ] {
            assert!(text.contains(k), "{k}:\n{text}");
        }
        // Home and End move in the field here: not offered as first/last.
        assert!(
            !text.lines().any(|l| l.starts_with("│Home  ")) && text.contains("Ctrl-Home"),
            "{text}"
        );
    }
}

#[test]
fn help_on_home_offers_f5_to_f8_by_role() {
    for (login, shown) in [
        ("zhangli", [false, false, false, false]),
        ("lijun", [true, true, true, false]),
        ("zhaomin", [true, true, false, false]),
    ] {
        let db = office(login);
        let mut m = model(&db, Lang::Zh);
        send(&mut m, &db, &[act(Action::Help)]);
        let text = screen(&render(&m, COLOUR));
        let got = REPORT_KEYS.map(|k| text.contains(&format!("{k} / ")));
        assert_eq!(got, shown, "{login}:\n{text}");
        // A leader registers nothing.
        assert_eq!(
            text.contains("F2 / "),
            login != "zhaomin",
            "{login}:\n{text}"
        );
    }
}

#[test]
fn close_all_ready_is_offered_only_on_the_list_of_matters_ready_to_close() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::ListReady)]);
    assert_eq!(m.s.list.list, List::HOME[4]);
    assert_eq!(m.s.list.matters.len(), 1, "the example's matter is ready");
    let offered = |m: &xfdesk::tui::model::Model| {
        let term = render(m, COLOUR);
        row_text(term.backend().buffer(), 23).contains("x 批量办结")
    };
    assert!(offered(&m), "on the ready list");
    send(&mut m, &db, &[act(Action::Help)]);
    assert!(
        screen(&render(&m, COLOUR)).contains("批量办结"),
        "help on it"
    );
    send(&mut m, &db, &[act(Action::Back)]);
    let mut seen = Vec::new();
    while !seen.contains(&m.s.list.list) {
        seen.push(m.s.list.list);
        send(&mut m, &db, &[act(Action::NextList)]);
        if m.s.list.list == List::HOME[4] {
            continue;
        }
        assert!(!offered(&m), "{:?}", m.s.list.list);
        send(&mut m, &db, &[act(Action::Help)]);
        let text = screen(&render(&m, COLOUR));
        assert!(!text.contains("批量办结"), "{:?}:\n{text}", m.s.list.list);
        send(&mut m, &db, &[act(Action::Back)]);
    }
    assert!(seen.len() >= List::HOME.len(), "every list seen: {seen:?}");
}

#[test]
fn f3_shows_the_last_query_selected() {
    use ratatui::style::Modifier;
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    let query = |m: &xfdesk::tui::model::Model| {
        let term = render(m, COLOUR);
        let buf = term.backend().buffer();
        // The query follows the prompt 查询： in the input's box (row 2).
        let reversed: String = (0..buf.area.width)
            .map(|x| &buf[(x, 2)])
            .filter(|c| c.modifier.contains(Modifier::REVERSED))
            .map(|c| c.symbol().to_string())
            .collect();
        (row_text(buf, 2), reversed)
    };
    send(
        &mut m,
        &db,
        &[
            act(Action::Lookup),
            xfdesk::tui::model::Msg::Text("于营".into()),
        ],
    );
    let (row, reversed) = query(&m);
    assert!(row.contains("查询：于营") && reversed.is_empty(), "{row}");
    send(&mut m, &db, &[act(Action::Back), act(Action::Lookup)]);
    let (row, reversed) = query(&m);
    assert!(row.contains("查询：于营"), "{row}");
    assert_eq!(reversed, "于营", "the old query is shown selected");
}
