//! How keys and actions move the desk screens, without a terminal.

mod common;

use common::{TestDb, SPEC_EXAMPLE};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use time::macros::date;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::{update, Model, Msg, Screen};
use xfdesk::tui::term::message;

fn key(code: KeyCode, m: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: m,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn setup() -> (TestDb, Model) {
    let db = TestDb::new();
    db.import("spec.jsonl", SPEC_EXAMPLE).unwrap();
    let more = r#"{"type":"petitioner","ref":"p2","name":"于小红"}
{"type":"petitioner","ref":"p3","name":"于大红"}"#;
    db.import("more.jsonl", more).unwrap();
    let m = Model::new(&db.desk, Lang::Zh, date!(2026 - 07 - 01)).unwrap();
    (db, m)
}

/// Feeds terminal events through the real keymap, as the event loop does.
fn press(db: &TestDb, m: &mut Model, events: &[Event]) {
    let keys = Keymap::default_map();
    for e in events {
        if let Some(msg) = message(m, &keys, e) {
            update(m, msg, &db.desk).unwrap();
        }
    }
}

#[test]
fn function_keys_and_their_alternatives_open_screens() {
    let none = KeyModifiers::NONE;
    let cases: Vec<(Vec<Event>, Screen)> = vec![
        (vec![key(KeyCode::F(3), none)], Screen::Lookup),
        (
            vec![key(KeyCode::Char('f'), KeyModifiers::CONTROL)],
            Screen::Lookup,
        ),
        (vec![key(KeyCode::F(1), none)], Screen::Help),
        (
            vec![key(KeyCode::Char('?'), KeyModifiers::SHIFT)],
            Screen::Help,
        ),
        (
            vec![key(KeyCode::F(3), none), key(KeyCode::Esc, none)],
            Screen::Home,
        ),
        (
            vec![key(KeyCode::F(3), none), key(KeyCode::F(1), none)],
            Screen::Help,
        ),
        (
            vec![
                key(KeyCode::F(3), none),
                key(KeyCode::F(1), none),
                key(KeyCode::Char('0'), KeyModifiers::ALT),
            ],
            Screen::Home,
        ),
    ];
    for (events, want) in cases {
        let (db, mut m) = setup();
        press(&db, &mut m, &events);
        assert_eq!(m.screen(), want, "{events:?}");
    }
}

#[test]
fn typing_on_the_lookup_screen_searches_on_every_keystroke() {
    let (db, mut m) = setup();
    press(&db, &mut m, &[key(KeyCode::F(3), KeyModifiers::NONE)]);
    let counts: Vec<usize> = ["于", "小"]
        .iter()
        .map(|c| {
            press(
                &db,
                &mut m,
                &[key(
                    KeyCode::Char(c.chars().next().unwrap()),
                    KeyModifiers::NONE,
                )],
            );
            m.results.len()
        })
        .collect();
    assert_eq!(counts, vec![3, 1]);
    press(&db, &mut m, &[key(KeyCode::Backspace, KeyModifiers::NONE)]);
    assert_eq!(m.results.len(), 3);
    // '?' is text here, not help.
    press(&db, &mut m, &[key(KeyCode::Char('?'), KeyModifiers::SHIFT)]);
    assert_eq!((m.screen(), m.query.text()), (Screen::Lookup, "于?"));
    // Pasted text arrives whole.
    press(
        &db,
        &mut m,
        &[
            key(KeyCode::Backspace, KeyModifiers::NONE),
            Event::Paste("营".into()),
        ],
    );
    assert_eq!(
        m.results
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        vec!["于营"]
    );
}

#[test]
fn lists_move_and_stop_at_their_ends() {
    let (db, mut m) = setup();
    update(&mut m, Msg::Action(Action::Lookup), &db.desk).unwrap();
    update(&mut m, Msg::Text("于".into()), &db.desk).unwrap();
    let moves = [
        (Action::Down, 1),
        (Action::Down, 2),
        (Action::Down, 2),
        (Action::Up, 1),
        (Action::First, 0),
        (Action::Up, 0),
        (Action::Last, 2),
        (Action::PageUp, 0),
        (Action::PageDown, 2),
    ];
    for (a, want) in moves {
        update(&mut m, Msg::Action(a), &db.desk).unwrap();
        assert_eq!(m.selected, want, "{a:?}");
    }
}

#[test]
fn enter_opens_the_card_then_the_matter_and_esc_goes_back() {
    let (db, mut m) = setup();
    for msg in [
        Msg::Action(Action::Lookup),
        Msg::Text("于营".into()),
        Msg::Action(Action::Open),
    ] {
        update(&mut m, msg, &db.desk).unwrap();
    }
    assert_eq!(m.screen(), Screen::Card);
    let card = m.card.as_ref().unwrap();
    assert_eq!(
        card.petitioner.id_number.as_deref(),
        Some("1101**********002X")
    );
    assert_eq!(card.contacts.len(), 1);
    let audit = db.desk.audit_entries().unwrap();
    assert_eq!(
        audit.last().unwrap().what,
        "viewed full history",
        "viewing a history is audited"
    );
    update(&mut m, Msg::Action(Action::Open), &db.desk).unwrap();
    assert_eq!(m.screen(), Screen::Matter);
    assert_eq!(m.matter.as_ref().unwrap().events.len(), 3);
    for want in [Screen::Card, Screen::Lookup, Screen::Home, Screen::Home] {
        update(&mut m, Msg::Action(Action::Back), &db.desk).unwrap();
        assert_eq!(m.screen(), want);
    }
    update(&mut m, Msg::Action(Action::Quit), &db.desk).unwrap();
    assert!(m.quit);
}
