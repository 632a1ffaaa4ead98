//! The desk screens at 80×24, in Chinese and English, as a person would see
//! them; and the colourless theme keeping selection visible.

mod common;

use common::screen::{act, model, render, row_text, screen, send};
use common::{TestDb, INTERCHANGE_EXAMPLE};
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::draw::draw;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::Msg;
use xfdesk::tui::theme::Theme;

const MORE: &str = r#"{"type":"petitioner","ref":"p2","name":"于小红","phones":["13500004321"],"town":"370211001","key_person":"多次进京"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"zhangli","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"city","headcount":6,"receiver":"zhangli","summary":"集体来访"}
"#;

fn fixture() -> TestDb {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.import("more.jsonl", MORE).unwrap();
    db
}

#[test]
fn every_screen_at_80_by_24_in_both_languages() {
    let db = fixture();
    let colour = Theme {
        color: true,
        ascii: false,
    };
    for lang in [Lang::Zh, Lang::En] {
        let tag = match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        let mut m = model(&db, lang);
        insta::assert_snapshot!(format!("home_{tag}"), screen(&render(&m, colour)));
        send(&mut m, &db, &[act(Action::Lookup), Msg::Text("于".into())]);
        insta::assert_snapshot!(format!("lookup_{tag}"), screen(&render(&m, colour)));
        // The second result, 于营, has a matter with a full history.
        send(&mut m, &db, &[act(Action::Down), act(Action::Open)]);
        insta::assert_snapshot!(format!("card_{tag}"), screen(&render(&m, colour)));
        send(&mut m, &db, &[act(Action::Open)]);
        insta::assert_snapshot!(format!("matter_{tag}"), screen(&render(&m, colour)));
        send(&mut m, &db, &[act(Action::Help)]);
        insta::assert_snapshot!(format!("help_{tag}"), screen(&render(&m, colour)));
        send(&mut m, &db, &[act(Action::Home), act(Action::ListOverdue)]);
        insta::assert_snapshot!(format!("list_{tag}"), screen(&render(&m, colour)));
    }
}

#[test]
fn a_small_terminal_gets_a_clear_message() {
    let db = fixture();
    let m = model(&db, Lang::Zh);
    let mut term = Terminal::new(TestBackend::new(60, 20)).unwrap();
    term.draw(|f| {
        draw(
            f,
            &m,
            &Keymap::default_map(),
            &Theme {
                color: true,
                ascii: false,
            },
        )
    })
    .unwrap();
    let text = screen(&term);
    assert!(text.contains("80×24") && text.contains("60×20"), "{text}");
    assert!(
        text.contains("放大窗口后按键才起作用；退出：F10"),
        "says keys wait, and how to quit:\n{text}"
    );
}

#[test]
fn without_colour_the_selection_still_shows_in_reverse_video() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(
        &mut m,
        &db,
        &[
            act(Action::Lookup),
            Msg::Text("于".into()),
            act(Action::Down),
        ],
    );
    let term = render(
        &m,
        Theme {
            color: false,
            ascii: true,
        },
    );
    let buf = term.backend().buffer();
    let mut reversed_rows = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, Color::Reset, "no colour at {x},{y}");
            assert_eq!(c.bg, Color::Reset, "no colour at {x},{y}");
            if c.modifier.contains(Modifier::REVERSED) && !reversed_rows.contains(&y) {
                reversed_rows.push(y);
            }
        }
    }
    assert_eq!(
        reversed_rows.len(),
        1,
        "exactly the selected row is reversed"
    );
    let row = row_text(buf, reversed_rows[0]);
    assert!(
        row.contains(&m.s.lookup.results[1].name),
        "the second result is selected: {row}"
    );
    let text = screen(&term);
    assert!(
        text.contains('+') && !text.contains('┌'),
        "ASCII borders:\n{text}"
    );
}

#[test]
fn the_cursor_sits_after_the_typed_chinese_text() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(
        &mut m,
        &db,
        &[act(Action::Lookup), Msg::Text("于营".into()), Msg::Left],
    );
    let mut term = render(
        &m,
        Theme {
            color: true,
            ascii: false,
        },
    );
    // Border (1) + prompt "查询：" (6 columns) + "于" (2 columns).
    assert_eq!(term.get_cursor_position().unwrap(), (1 + 6 + 2, 2).into());
}
