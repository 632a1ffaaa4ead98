//! The card and the matter as a clerk reads them at 80×24: a long history
//! paged to its oldest entry, a matter's petitioners (each a way to their
//! card), its contacts and who answers for it, by name, the due date in the
//! alarm style once past.

mod common;

use common::screen::{act, model, render, row_text, screen, send, COLOUR};
use common::{audit_trail, pid, TestDb};
use ratatui::crossterm::event::KeyModifiers;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState};
use ratatui::style::{Color, Modifier};
use time::macros::datetime;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::keymap::{Key, Keymap};
use xfdesk::tui::model::{update, Model, Msg, Screen};
use xfdesk::tui::term::message;

/// 于水秀 came twenty times about the sand dredging (accepted by 区自然资源局,
/// handled by 孙立, long past due on 2026-07-01), then once with 于小红 and
/// four others about the school bus.
fn people() -> String {
    let mut s = String::from(
        r#"{"type":"petitioner","ref":"p1","name":"于水秀","id_number":"371999195805134558","phones":["13820740038"],"town":"370211001"}
{"type":"petitioner","ref":"p2","name":"于小红","phones":["13500004321"],"town":"370211002"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"cxjs","town":"370211001","summary":"采砂破坏河道","first_receiver":"zhangli","registered_at":"2026-01-05T09:00:00+08:00"}
{"type":"event","matter":"m1","at":"2026-01-06T10:00:00+08:00","action":"accept","by":"zhangli","unit":"zrj","handler":"sunli"}
{"type":"matter","ref":"m2","petitioners":["p1","p2"],"category":"jy","town":"370211002","summary":"校车安全","first_receiver":"chenjing","registered_at":"2026-06-29T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p1","p2"],"at":"2026-06-29T09:00:00+08:00","channel":"visit","level":"county","headcount":6,"receiver":"chenjing","summary":"集体来访反映校车超载问题长期得不到解决要求教体局和交警部门联合整治"}
"#,
    );
    for n in 1..=20 {
        s.push_str(&format!(
            r#"{{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-{:02}-{:02}T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"zhangli","summary":"来访第{n:02}次"}}
"#,
            1 + (n - 1) / 9 + 1,
            1 + (n - 1) % 9 * 3,
        ));
    }
    s
}

/// The office at 2026-07-01 with these people, acting as `login`.
fn office(login: &str) -> TestDb {
    TestDb::office(&people(), datetime!(2026-07-01 09:00 +8), login)
}

/// A key typed on the default keymap (or vim's), as the event loop reads it;
/// the screen is drawn after it, as the desk draws after every key.
fn press(m: &mut Model, db: &TestDb, keys: &Keymap, code: KeyCode, modifiers: KeyModifiers) {
    let ev = Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    });
    if let Some(msg) = message(m, keys, &ev) {
        update(m, msg, &db.desk).unwrap();
    }
    render(m, COLOUR);
}

/// 于水秀's card, opened by looking her up.
fn open_card(m: &mut Model, db: &TestDb) {
    send(
        m,
        db,
        &[
            act(Action::Lookup),
            Msg::Text("于水秀".into()),
            act(Action::Open),
        ],
    );
    assert_eq!(m.screen(), Screen::Card);
    render(m, COLOUR);
}

/// Presses `code` until the screen stops changing; the screens seen.
fn page_to_the_end(m: &mut Model, db: &TestDb, code: KeyCode, mods: KeyModifiers) -> Vec<String> {
    let mut seen = vec![screen(&render(m, COLOUR))];
    for _ in 0..30 {
        press(m, db, &Keymap::default_map(), code, mods);
        let now = screen(&render(m, COLOUR));
        if seen.last() == Some(&now) {
            return seen;
        }
        seen.push(now);
    }
    panic!("the history never ends");
}

#[test]
fn pagedown_on_the_card_pages_through_every_contact_to_the_oldest() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    let first = screen(&render(&m, COLOUR));
    assert!(first.contains("信访事项（2件）"), "{first}");
    assert!(
        first.contains("信访记录（共21次，第1-"),
        "the count: {first}"
    );
    assert!(first.contains("集体来访反映校车"), "newest first: {first}");
    assert!(
        first.contains("交警部门"),
        "a long summary wraps, not cut: {first}"
    );
    assert!(!first.contains("来访第01次"), "{first}");

    let pages = page_to_the_end(&mut m, &db, KeyCode::PageDown, KeyModifiers::NONE);
    let oldest = pages.last().unwrap();
    assert!(oldest.contains("来访第01次"), "{oldest}");
    assert!(oldest.contains("-21次）"), "{oldest}");
    // Every contact was on some page: none skipped.
    for n in 1..=20 {
        let summary = format!("来访第{n:02}次");
        assert!(pages.iter().any(|p| p.contains(&summary)), "{summary}");
    }
    // The overdue matter's due date in the alarm style, the other's not.
    let term = render(&m, COLOUR);
    let buf = term.backend().buffer();
    for (ledger, due, alarm) in [
        ("2026-000001", "2026-03-09", true),
        ("2026-000002", "2026-07-14", false),
    ] {
        let y = (0..buf.area.height)
            .find(|y| row_text(buf, *y).contains(ledger))
            .expect("the matter's row");
        let x = row_text(buf, y).find(due).unwrap();
        // The row is ASCII up to the due date, so bytes are columns.
        assert_eq!(buf[(x as u16, y)].fg == Color::Red, alarm, "{ledger}");
    }
    // The matters kept their selection; the history moved alone.
    assert_eq!(m.s.card.selected, 0);
    insta::assert_snapshot!("card_oldest_zh", oldest);

    // Ctrl-u pages back up to the newest, Ctrl-d down again.
    let back = page_to_the_end(&mut m, &db, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert!(back.last().unwrap().contains("集体来访反映校车"));
    press(
        &mut m,
        &db,
        &Keymap::default_map(),
        KeyCode::Char('d'),
        KeyModifiers::CONTROL,
    );
    assert_ne!(&screen(&render(&m, COLOUR)), back.last().unwrap());

    // Down and Enter still choose and open a matter.
    press(
        &mut m,
        &db,
        &Keymap::default_map(),
        KeyCode::Down,
        KeyModifiers::NONE,
    );
    assert_eq!(m.s.card.selected, 1);
    press(
        &mut m,
        &db,
        &Keymap::default_map(),
        KeyCode::Enter,
        KeyModifiers::NONE,
    );
    assert_eq!(m.screen(), Screen::Matter);
    assert_eq!(m.s.matter.matter.as_ref().unwrap().summary, "采砂破坏河道");
}

#[test]
fn the_card_pages_in_english_too() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::En);
    open_card(&mut m, &db);
    let first = screen(&render(&m, COLOUR));
    assert!(first.contains("Contacts (1-"), "{first}");
    assert!(first.contains("of 21)"), "{first}");
    assert!(first.contains("Ctrl-d older"), "the hint says how: {first}");
    let pages = page_to_the_end(&mut m, &db, KeyCode::PageDown, KeyModifiers::NONE);
    insta::assert_snapshot!("card_oldest_en", pages.last().unwrap());
}

#[test]
fn both_keymaps_page_the_history_on_the_card_and_the_matter() {
    let vim = Keymap::load(Some("vim")).unwrap();
    let default = Keymap::default_map();
    for section in ["card", "matter"] {
        for (keys, name) in [(&default, "default"), (&vim, "vim")] {
            for (key, want) in [
                ("PageDown", Action::Older),
                ("Ctrl-d", Action::Older),
                ("PageUp", Action::Newer),
                ("Ctrl-u", Action::Newer),
                ("Down", Action::Down),
                ("Enter", Action::Open),
            ] {
                assert_eq!(
                    keys.resolve(section, Key::parse(key).unwrap()),
                    Some(want),
                    "{name} keymap, [{section}] {key}"
                );
            }
        }
    }
}

/// 于水秀's sand-dredging matter: the second on her card.
fn open_overdue_matter(m: &mut Model, db: &TestDb) {
    open_card(m, db);
    send(m, db, &[act(Action::Down), act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
}

#[test]
fn a_matter_shows_its_petitioners_contacts_and_people_by_name_and_its_lateness() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    open_overdue_matter(&mut m, &db);
    let term = render(&m, COLOUR);
    let shown = screen(&term);
    insta::assert_snapshot!("matter_overdue_zh", shown);
    for name in [
        "于水秀",
        "张丽",
        "孙立",
        "区自然资源局",
        "城乡建设",
        "来访第20次",
    ] {
        assert!(shown.contains(name), "{name}:\n{shown}");
    }
    // A receptionist reads names, not the codes and logins behind them.
    for code in ["zhangli", "sunli", "zrj", "cxjs"] {
        assert!(!shown.contains(code), "{code}:\n{shown}");
    }
    // The due date, past, in the alarm style.
    let buf = term.backend().buffer();
    let y = (0..buf.area.height)
        .find(|y| row_text(buf, *y).contains("期限："))
        .expect("a due date");
    let row = row_text(buf, y);
    assert!(row.contains("超期"), "{row}");
    let at = (0..buf.area.width)
        .find(|x| buf[(*x, y)].symbol() == "限")
        .unwrap();
    let cell = &buf[(at, y)];
    assert_eq!(cell.fg, Color::Red, "{row}");
    assert!(cell.modifier.contains(Modifier::BOLD), "{row}");

    // Its whole history pages down to the first contact.
    let pages = page_to_the_end(&mut m, &db, KeyCode::PageDown, KeyModifiers::NONE);
    let last = pages.last().unwrap();
    assert!(last.contains("来访第01次"), "{last}");
    assert!(
        last.contains("受理"),
        "the acceptance is in the history: {last}"
    );
}

#[test]
fn a_matter_in_english_fits_80_by_24() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::En);
    open_overdue_matter(&mut m, &db);
    insta::assert_snapshot!("matter_overdue_en", screen(&render(&m, COLOUR)));
}

#[test]
fn a_matter_not_yet_due_is_not_in_the_alarm_style() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    send(&mut m, &db, &[act(Action::Open)]);
    let term = render(&m, COLOUR);
    let buf = term.backend().buffer();
    let y = (0..buf.area.height)
        .find(|y| row_text(buf, *y).contains("期限："))
        .expect("a due date");
    assert!(!row_text(buf, y).contains("超期"));
    assert!((0..buf.area.width).all(|x| buf[(x, y)].fg != Color::Red));
}

#[test]
fn enter_on_a_petitioner_of_a_matter_opens_their_card_and_the_view_is_audited() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    // The collective visit: 于水秀 and 于小红.
    send(&mut m, &db, &[act(Action::Open)]);
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains("信访人（2）"), "{shown}");
    assert!(shown.contains("于小红"), "{shown}");
    assert!(shown.contains("6人"), "the headcount: {shown}");
    assert!(shown.contains("陈静"), "the receiver by name: {shown}");
    assert!(
        shown.contains("交警部门"),
        "a long summary wraps, not cut: {shown}"
    );
    let before = audit_trail(&db).len();
    let p2 = pid(&db, "于小红");
    let after_lookup = audit_trail(&db).len();
    assert!(after_lookup >= before);

    press(
        &mut m,
        &db,
        &Keymap::default_map(),
        KeyCode::Down,
        KeyModifiers::NONE,
    );
    press(
        &mut m,
        &db,
        &Keymap::default_map(),
        KeyCode::Enter,
        KeyModifiers::NONE,
    );
    assert_eq!(m.screen(), Screen::Card);
    let card = m.s.card.card.as_ref().unwrap();
    assert_eq!(card.petitioner.name, "于小红");
    let trail = audit_trail(&db);
    let last = trail.last().unwrap();
    assert_eq!(trail.len(), after_lookup + 1, "one entry for the card view");
    assert_eq!(last.record, format!("petitioner {p2}"));
    // Esc goes back to the matter.
    send(&mut m, &db, &[act(Action::Back)]);
    assert_eq!(m.screen(), Screen::Matter);
}

#[test]
fn an_admin_sees_the_codes_beside_the_names() {
    let mut db = office("zhangli");
    db.as_admin();
    let mut m = model(&db, Lang::Zh);
    open_overdue_matter(&mut m, &db);
    let shown = screen(&render(&m, COLOUR));
    for both in [
        "城乡建设(cxjs)",
        "张丽(zhangli)",
        "区自然资源局(zrj)",
        "孙立(sunli)",
    ] {
        assert!(shown.contains(both), "{both}:\n{shown}");
    }
}

#[test]
fn the_card_shows_names_not_codes() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    open_card(&mut m, &db);
    let shown = screen(&render(&m, COLOUR));
    for code in ["zhangli", "chenjing", "zrj"] {
        assert!(!shown.contains(code), "{code}:\n{shown}");
    }
    for name in ["张丽", "陈静", "区自然资源局"] {
        assert!(shown.contains(name), "{name}:\n{shown}");
    }
}

#[test]
fn esc_from_a_card_or_matter_opened_over_another_shows_the_one_below_as_it_was() {
    let db = office("zhangli");
    let mut m = model(&db, Lang::Zh);
    let keys = Keymap::default_map();
    let summary = |m: &Model| m.s.matter.matter.as_ref().unwrap().summary.clone();
    let person = |m: &Model| m.s.card.card.as_ref().unwrap().petitioner.name.clone();
    open_card(&mut m, &db);
    // 于水秀's card, paged down once, then the school-bus matter of two.
    press(&mut m, &db, &keys, KeyCode::PageDown, KeyModifiers::NONE);
    let paged = screen(&render(&m, COLOUR));
    press(&mut m, &db, &keys, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(summary(&m), "校车安全");
    // 于小红's card over it, then her matter over that.
    press(&mut m, &db, &keys, KeyCode::Down, KeyModifiers::NONE);
    press(&mut m, &db, &keys, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(person(&m), "于小红");
    // Back down the stack: each screen as it was left.
    press(&mut m, &db, &keys, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        (m.screen(), summary(&m)),
        (Screen::Matter, "校车安全".into())
    );
    assert_eq!(m.s.matter.selected, 1, "于小红 still chosen");
    press(&mut m, &db, &keys, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!((m.screen(), person(&m)), (Screen::Card, "于水秀".into()));
    assert_eq!(
        screen(&render(&m, COLOUR)),
        paged,
        "at the page it was left on"
    );

    // A matter over a matter: from 于水秀's sand-dredging matter to her
    // card, and from there to the school-bus matter.
    press(&mut m, &db, &keys, KeyCode::Down, KeyModifiers::NONE);
    press(&mut m, &db, &keys, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(summary(&m), "采砂破坏河道");
    press(&mut m, &db, &keys, KeyCode::Enter, KeyModifiers::NONE);
    press(&mut m, &db, &keys, KeyCode::Up, KeyModifiers::NONE);
    press(&mut m, &db, &keys, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(summary(&m), "校车安全");
    press(&mut m, &db, &keys, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!((m.screen(), person(&m)), (Screen::Card, "于水秀".into()));
    press(&mut m, &db, &keys, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        (m.screen(), summary(&m)),
        (Screen::Matter, "采砂破坏河道".into())
    );
    press(&mut m, &db, &keys, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!((m.screen(), person(&m)), (Screen::Card, "于水秀".into()));
    press(&mut m, &db, &keys, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(m.screen(), Screen::Lookup);
}
