//! How keys and actions move the desk screens, without a terminal.

mod common;

use common::{audit_trail, TestDb, INTERCHANGE_EXAMPLE};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use time::macros::date;
use xfdesk::i18n::Lang;
use xfdesk::service::queues::Queue;
use xfdesk::tui::action::Action;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::{update, List, Model, Msg, Screen};
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
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
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
            m.s.lookup.results.len()
        })
        .collect();
    assert_eq!(counts, vec![3, 1]);
    press(&db, &mut m, &[key(KeyCode::Backspace, KeyModifiers::NONE)]);
    assert_eq!(m.s.lookup.results.len(), 3);
    // '?' is text here, not help.
    press(&db, &mut m, &[key(KeyCode::Char('?'), KeyModifiers::SHIFT)]);
    assert_eq!(
        (m.screen(), m.s.lookup.query.text()),
        (Screen::Lookup, "于?")
    );
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
        m.s.lookup
            .results
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
        assert_eq!(m.s.lookup.selected, want, "{a:?}");
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
    let card = m.s.card.card.as_ref().unwrap();
    assert_eq!(
        card.petitioner.id_number.as_deref(),
        Some("1101**********002X")
    );
    assert_eq!(card.contacts.len(), 1);
    let audit = audit_trail(&db);
    assert_eq!(
        audit.last().unwrap().what,
        "viewed full history",
        "viewing a history is audited"
    );
    update(&mut m, Msg::Action(Action::Open), &db.desk).unwrap();
    assert_eq!(m.screen(), Screen::Matter);
    assert_eq!(m.s.matter.matter.as_ref().unwrap().events.len(), 3);
    for want in [Screen::Card, Screen::Lookup, Screen::Home, Screen::Home] {
        update(&mut m, Msg::Action(Action::Back), &db.desk).unwrap();
        assert_eq!(m.screen(), want);
    }
    update(&mut m, Msg::Action(Action::Quit), &db.desk).unwrap();
    assert!(m.quit);
}

/// Matters in every queue of the test user on 2026-07-01, plus a contact
/// registered by them that day.
fn queues_fixture() -> (TestDb, Model) {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let me = xfdesk::service::current_unix_user();
    let mine = format!(
        r#"{{"type":"petitioner","ref":"p2","name":"于小红","town":"370211001"}}
{{"type":"matter","ref":"overdue","petitioners":["p2"],"category":"jy","town":"370211001","summary":"超期的事","first_receiver":"{me}","registered_at":"2026-06-01T09:00:00+08:00"}}
{{"type":"contact","matter":"overdue","petitioners":["p2"],"at":"2026-06-01T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"{me}","summary":"来访"}}
{{"type":"matter","ref":"soon","petitioners":["p2"],"category":"jy","town":"370211001","summary":"快到期的事","first_receiver":"{me}","registered_at":"2026-06-18T09:00:00+08:00"}}
{{"type":"contact","matter":"soon","petitioners":["p2"],"at":"2026-06-18T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"receiver":"{me}","summary":"来信"}}
{{"type":"contact","matter":"soon","petitioners":["p2"],"at":"2026-07-01T10:30:00+08:00","channel":"call","level":"county","headcount":1,"receiver":"{me}","summary":"今天来电催办"}}
"#
    );
    db.import("mine.jsonl", &mine).unwrap();
    let m = Model::new(&db.desk, Lang::Zh, date!(2026 - 07 - 01)).unwrap();
    (db, m)
}

fn summaries(m: &Model) -> Vec<String> {
    match m.s.list.list {
        List::Today => {
            m.s.list
                .contacts
                .iter()
                .map(|r| r.contact.summary.clone())
                .collect()
        }
        List::Queue(_) | List::Open => {
            m.s.list
                .matters
                .iter()
                .map(|r| r.matter.summary.clone())
                .collect()
        }
    }
}

#[test]
fn home_keys_open_each_list_and_every_count_matches_its_list() {
    let (db, mut m) = queues_fixture();
    let h = m.s.home.counts.clone();
    let counts = [
        h.today_contacts,
        h.my_matters,
        h.overdue,
        h.due_soon,
        h.ready_to_close,
    ];
    assert_eq!(counts, [1, 2, 1, 1, 1]);
    let cases: [(char, List, Vec<&str>); 5] = [
        ('1', List::Today, vec!["今天来电催办"]),
        // Soonest due first: 06-16 before 07-03.
        (
            '2',
            List::Queue(Queue::Mine),
            vec!["超期的事", "快到期的事"],
        ),
        ('3', List::Queue(Queue::Overdue), vec!["超期的事"]),
        ('4', List::Queue(Queue::DueSoon), vec!["快到期的事"]),
        (
            '5',
            List::Queue(Queue::ReadyToClose),
            vec!["撤并学校,上学不便"],
        ),
    ];
    for (i, (digit, list, want)) in cases.into_iter().enumerate() {
        press(
            &db,
            &mut m,
            &[key(KeyCode::Char(digit), KeyModifiers::NONE)],
        );
        assert_eq!(
            (m.screen(), m.s.list.list),
            (Screen::List, list),
            "key {digit}"
        );
        assert_eq!(summaries(&m), want, "key {digit}");
        assert_eq!(m.s.list.len(), counts[i], "the home count of {list:?}");
        press(&db, &mut m, &[key(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(m.screen(), Screen::Home);
    }
}

#[test]
fn on_a_list_tab_cycles_lists_and_enter_opens_the_matter() {
    let (db, mut m) = queues_fixture();
    let none = KeyModifiers::NONE;
    // Down to "overdue" and open it, as a person would without digit keys.
    press(
        &db,
        &mut m,
        &[
            key(KeyCode::Down, none),
            key(KeyCode::Down, none),
            key(KeyCode::Enter, none),
        ],
    );
    assert_eq!(m.s.list.list, List::Queue(Queue::Overdue));
    let steps = [
        (key(KeyCode::Tab, none), List::Queue(Queue::DueSoon)),
        (key(KeyCode::Tab, none), List::Queue(Queue::ReadyToClose)),
        (key(KeyCode::Tab, none), List::Open),
        (key(KeyCode::Tab, none), List::Today),
        (key(KeyCode::Tab, none), List::Queue(Queue::Mine)),
        (key(KeyCode::BackTab, KeyModifiers::SHIFT), List::Today),
        (key(KeyCode::BackTab, KeyModifiers::SHIFT), List::Open),
        (
            key(KeyCode::BackTab, KeyModifiers::SHIFT),
            List::Queue(Queue::ReadyToClose),
        ),
    ];
    for (k, want) in steps {
        press(&db, &mut m, &[k]);
        assert_eq!(m.s.list.list, want);
    }
    press(&db, &mut m, &[key(KeyCode::Enter, none)]);
    assert_eq!(m.screen(), Screen::Matter);
    assert_eq!(
        m.s.matter.matter.as_ref().unwrap().summary,
        "撤并学校,上学不便"
    );
    // Back returns to the list, then home, which still has one screen.
    for want in [Screen::List, Screen::Home, Screen::Home] {
        press(&db, &mut m, &[key(KeyCode::Esc, none)]);
        assert_eq!(m.screen(), want);
    }
}

/// What a key does for one role: a screen opens, or the status line says
/// (in Chinese) that the role may not.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Opens(Screen),
    Refused(&'static str),
}

#[test]
fn each_role_opens_what_it_may_and_is_told_in_chinese_what_it_may_not() {
    use Outcome::{Opens, Refused};
    let none = KeyModifiers::NONE;
    // Each key with its alternative: both must do the same.
    let keys = [
        [
            key(KeyCode::F(2), none),
            key(KeyCode::Char('n'), KeyModifiers::CONTROL),
        ],
        [
            key(KeyCode::F(7), none),
            key(KeyCode::Char('7'), KeyModifiers::ALT),
        ],
        [
            key(KeyCode::F(8), none),
            key(KeyCode::Char('8'), KeyModifiers::ALT),
        ],
    ];
    // Columns: F2 register, F7 audit trail, F8 staff.
    let admin = xfdesk::service::current_unix_user();
    let table: [(&str, [Outcome; 3]); 5] = [
        (
            "zhangli",
            [
                Opens(Screen::Register),
                Refused("接待员无权查阅审计记录"),
                Refused("接待员无权管理人员"),
            ],
        ),
        (
            "wangwei",
            [
                Opens(Screen::Register),
                Refused("承办人无权查阅审计记录"),
                Refused("承办人无权管理人员"),
            ],
        ),
        (
            "lijun",
            [
                Opens(Screen::Register),
                Opens(Screen::Audit),
                Refused("科室负责人无权管理人员"),
            ],
        ),
        (
            "zhaomin",
            [
                Refused("领导无权登记"),
                Refused("领导无权查阅审计记录"),
                Refused("领导无权管理人员"),
            ],
        ),
        (
            &admin,
            [
                Opens(Screen::Register),
                Opens(Screen::Audit),
                Opens(Screen::Staff),
            ],
        ),
    ];
    let now = time::macros::datetime!(2026-07-01 10:00 +8);
    for (login, outcomes) in &table {
        let db = TestDb::office("", now, login);
        for (pair, want) in keys.iter().zip(outcomes) {
            for k in pair {
                let mut m = Model::new(&db.desk, Lang::Zh, date!(2026 - 07 - 01)).unwrap();
                press(&db, &mut m, std::slice::from_ref(k));
                match want {
                    Opens(screen) => assert_eq!(
                        (m.screen(), m.ctx.status.as_deref()),
                        (*screen, None),
                        "{login} {k:?}"
                    ),
                    Refused(why) => assert_eq!(
                        (m.screen(), m.ctx.status.as_deref()),
                        (Screen::Home, Some(*why)),
                        "{login} {k:?}"
                    ),
                }
            }
        }
    }
}

#[test]
fn arrow_keys_step_a_choice_in_the_action_form() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    let matter = r#"{"type":"petitioner","ref":"p2","name":"于小红"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"zhangli","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"zhangli","summary":"来访"}"#;
    db.import("matter.jsonl", matter).unwrap();
    let mut m = Model::new(&db.desk, Lang::Zh, date!(2026 - 07 - 01)).unwrap();
    let none = KeyModifiers::NONE;
    press(
        &db,
        &mut m,
        &[
            key(KeyCode::F(3), none),
            Event::Paste("于小红".into()),
            key(KeyCode::Enter, none),
            key(KeyCode::Enter, none),
            key(KeyCode::Char('a'), none),
            // Accept, the first action: its kind first (申诉求决类, the
            // last), then the unit.
            key(KeyCode::Enter, none),
            key(KeyCode::Left, none),
            key(KeyCode::Tab, none),
            key(KeyCode::Right, none),
        ],
    );
    let Some(xfdesk::tui::screens::matter::Popup::Form(form)) = &m.s.matter.popup else {
        panic!("the action form is open");
    };
    assert_eq!(
        form.kind,
        xfdesk::domain::MatterKind::Report,
        "← chose the kind before"
    );
    assert_eq!(form.units[form.unit].code, "xfj", "→ chose the second unit");
}

/// Types `text` key by key.
fn typing(text: &str) -> Vec<Event> {
    text.chars()
        .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE))
        .collect()
}

#[test]
fn home_end_ctrl_a_e_u_w_edit_the_focused_field_and_f3_selects_the_last_query() {
    use xfdesk::tui::screens::register::form::Field;
    let (db, mut m) = setup();
    let (none, ctrl) = (KeyModifiers::NONE, KeyModifiers::CONTROL);
    let tab = key(KeyCode::Tab, none);
    press(&db, &mut m, &[key(KeyCode::F(2), none)]);
    press(&db, &mut m, &[tab.clone(), tab.clone(), tab.clone(), tab]);
    press(&db, &mut m, &typing("王 五 ab"));
    let person = |m: &Model| {
        let f = m.s.register.form.as_ref().unwrap();
        (f.focus, f.person.text().to_string(), f.person.caret())
    };
    assert_eq!(person(&m), (Field::Person, "王 五 ab".into(), 6));
    press(&db, &mut m, &[key(KeyCode::Home, none)]);
    assert_eq!(
        person(&m),
        (Field::Person, "王 五 ab".into(), 0),
        "Home stays in the field"
    );
    press(&db, &mut m, &[key(KeyCode::End, none)]);
    assert_eq!(person(&m).2, 6);
    press(&db, &mut m, &[key(KeyCode::Char('a'), ctrl)]);
    assert_eq!(person(&m).2, 0, "Ctrl-A");
    press(&db, &mut m, &[key(KeyCode::Char('e'), ctrl)]);
    assert_eq!(person(&m).2, 6, "Ctrl-E");
    press(&db, &mut m, &[key(KeyCode::Char('w'), ctrl)]);
    assert_eq!(person(&m), (Field::Person, "王 五 ".into(), 4), "Ctrl-W");
    press(&db, &mut m, &[key(KeyCode::Char('u'), ctrl)]);
    assert_eq!(person(&m), (Field::Person, String::new(), 0), "Ctrl-U");
    // Ctrl-Home still goes to the first field.
    press(&db, &mut m, &[key(KeyCode::Home, ctrl)]);
    assert_eq!(person(&m).0, Field::Channel);

    // F3 from the form, a query, back to the form, F3 again: the old query
    // is selected, and what is typed replaces it.
    press(&db, &mut m, &[key(KeyCode::F(3), none)]);
    press(&db, &mut m, &typing("于营"));
    press(&db, &mut m, &[key(KeyCode::Esc, none)]);
    assert_eq!(m.screen(), Screen::Register);
    press(&db, &mut m, &[key(KeyCode::F(3), none)]);
    assert!(m.s.lookup.query.is_selected());
    press(&db, &mut m, &typing("于小"));
    assert_eq!(m.s.lookup.query.text(), "于小");
    assert_eq!(m.s.lookup.results.len(), 1, "searched for the new query");
    // ← keeps a selected query and puts the caret at its start instead.
    press(
        &db,
        &mut m,
        &[key(KeyCode::Esc, none), key(KeyCode::F(3), none)],
    );
    press(&db, &mut m, &[key(KeyCode::Left, none)]);
    press(&db, &mut m, &typing("红"));
    assert_eq!(m.s.lookup.query.text(), "红于小");
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small_except_quit() {
    let (db, mut m) = setup();
    let none = KeyModifiers::NONE;
    // The matter of the example is evaluated: ready to close.
    press(&db, &mut m, &[key(KeyCode::Char('5'), none)]);
    assert_eq!((m.screen(), m.s.list.matters.len()), (Screen::List, 1));
    m.size = Some((60, 20));
    press(
        &db,
        &mut m,
        &[
            key(KeyCode::Char('x'), none),
            key(KeyCode::Enter, none),
            key(KeyCode::F(3), none),
            key(KeyCode::Char('于'), none),
            Event::Paste("于营".into()),
            key(KeyCode::Esc, none),
        ],
    );
    assert_eq!(m.screen(), Screen::List, "nothing moved unseen");
    assert_eq!(m.s.list.confirm_close, None);
    assert_eq!(m.s.lookup.query.text(), "");
    m.size = Some((80, 24));
    press(
        &db,
        &mut m,
        &[key(KeyCode::Esc, none), key(KeyCode::Char('5'), none)],
    );
    assert_eq!(m.s.list.matters.len(), 1, "no matter was closed");
    m.size = Some((79, 24));
    press(&db, &mut m, &[key(KeyCode::F(10), none)]);
    assert!(m.quit, "quitting is the one key taken");
}
