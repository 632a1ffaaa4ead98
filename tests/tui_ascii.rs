//! `--ascii`: every screen drawn without a character some terminals draw
//! two columns wide — box lines, arrows, ‹ ›, —, ·, …, × — wherever it
//! comes from (a border, the title bar, a hint, a choice, a word), in
//! Chinese and English. Chinese text itself is wide everywhere and stays.

mod common;

use common::screen::{act, model, screen, send};
use common::{TestDb, INTERCHANGE_EXAMPLE};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthChar;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::draw::draw;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::{run_pending, Model, Msg, Screen};
use xfdesk::tui::theme::Theme;

/// A second town and a collective visit in June, so that the report
/// screens have rows and bars.
const MORE: &str = r#"{"type":"town","code":"370211002","name":"黄岛街道"}
{"type":"village","code":"370211002001","town":"370211002","name":"黄岛社区"}
{"type":"petitioner","ref":"p2","name":"于小红","phones":["13500004321"],"town":"370211001","village":"370211001001"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"zhangli","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"city","headcount":6,"receiver":"zhangli","summary":"集体到市上访"}
"#;

/// A character that must not be drawn with `--ascii`: not ASCII, not a
/// letter or digit (data), and either of East Asian ambiguous width or a
/// symbol of Latin-1, general punctuation, arrows, box drawing, blocks,
/// shapes or dingbats.
fn wide_somewhere(c: char) -> bool {
    if c.is_ascii() || c.is_alphanumeric() {
        return false;
    }
    let ambiguous = c.width_cjk() != c.width();
    let symbol = matches!(c, '\u{a0}'..='\u{ff}' | '\u{2000}'..='\u{2bff}');
    ambiguous || symbol
}

fn offending(term: &Terminal<TestBackend>) -> Vec<(u16, u16, String)> {
    let buf = term.backend().buffer();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            if s.chars().any(wide_somewhere) {
                out.push((x, y, s.to_string()));
            }
        }
    }
    out
}

fn draw_at(m: &Model, ascii: bool, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme { color: true, ascii };
    term.draw(|f| draw(f, m, &Keymap::default_map(), &theme))
        .unwrap();
    term
}

/// The screen as it is now, drawn both ways: plain, it has such characters
/// (so the check can fail); with `--ascii`, none.
fn check(m: &Model, what: &str, seen: &mut Vec<String>) {
    check_at(m, what, (80, 24), seen);
    let text = screen(&draw_at(m, true, (80, 24)));
    assert!(text.contains('+') && text.contains('|'), "{what}:\n{text}");
}

fn check_at(m: &Model, what: &str, size: (u16, u16), seen: &mut Vec<String>) {
    let plain = draw_at(m, false, size);
    assert!(
        !offending(&plain).is_empty(),
        "{what}: drawn plain it has box lines at least:\n{}",
        screen(&plain)
    );
    let ascii = draw_at(m, true, size);
    let bad = offending(&ascii);
    assert!(
        bad.is_empty(),
        "{what}: {bad:?} with --ascii:\n{}",
        screen(&ascii)
    );
    for found in ["‹", "›", "│", "→", "…", "—", "·", "×", "✗"] {
        if screen(&plain).contains(found) {
            seen.push(found.to_string());
        }
    }
}

fn text(s: &str) -> Msg {
    Msg::Text(s.into())
}

#[test]
fn every_screen_with_ascii_draws_no_ambiguous_width_symbol_in_both_languages() {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.import("more.jsonl", MORE).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut seen = Vec::new();
        let seen = &mut seen;
        let mut m = model(&db, lang);
        check(&m, "home", seen);
        check_at(&m, "a window too small", (60, 20), seen);
        send(&mut m, &db, &[act(Action::Lookup), text("于")]);
        check(&m, "lookup", seen);
        send(&mut m, &db, &[act(Action::Down), act(Action::Open)]);
        assert_eq!(m.screen(), Screen::Card);
        check(&m, "card", seen);
        send(&mut m, &db, &[act(Action::Open)]);
        assert_eq!(m.screen(), Screen::Matter);
        check(&m, "matter", seen);
        send(&mut m, &db, &[act(Action::Act)]);
        check(&m, "the action menu", seen);
        send(&mut m, &db, &[act(Action::Open)]);
        check(&m, "the action form", seen);
        send(&mut m, &db, &[act(Action::Back), act(Action::Help)]);
        check(&m, "help", seen);
        send(&mut m, &db, &[act(Action::Home), act(Action::ListOverdue)]);
        check(&m, "a work list", seen);
        send(&mut m, &db, &[act(Action::Home), act(Action::Register)]);
        check(&m, "the empty form", seen);
        send(&mut m, &db, &[act(Action::Save)]);
        check(&m, "the form with errors", seen);
        for _ in 0..4 {
            send(&mut m, &db, &[act(Action::NextField)]);
        }
        send(&mut m, &db, &[text("于")]);
        check(&m, "the form's candidates", seen);
        send(&mut m, &db, &[act(Action::Help)]);
        check(&m, "the form's help", seen);
        send(&mut m, &db, &[act(Action::Back), act(Action::Back)]);
        check(&m, "the form asking before discarding", seen);
        send(&mut m, &db, &[act(Action::Open)]);
        assert_eq!(m.screen(), Screen::Home);
        send(&mut m, &db, &[act(Action::Scorecards)]);
        run_pending(&mut m, &db.desk).unwrap();
        send(&mut m, &db, &[act(Action::PrevPeriod)]);
        check(&m, "a scorecard computing", seen);
        run_pending(&mut m, &db.desk).unwrap();
        check(&m, "a scorecard", seen);
        send(
            &mut m,
            &db,
            &[act(Action::Down), act(Action::NextField), act(Action::Open)],
        );
        run_pending(&mut m, &db.desk).unwrap();
        assert_eq!(m.screen(), Screen::Drill);
        check(&m, "a scorecard's contacts", seen);
        send(&mut m, &db, &[act(Action::Back), act(Action::ZeroVisit)]);
        run_pending(&mut m, &db.desk).unwrap();
        check(&m, "villages with no contact", seen);
        send(&mut m, &db, &[act(Action::Statistics)]);
        run_pending(&mut m, &db.desk).unwrap();
        check(&m, "statistics", seen);
        send(&mut m, &db, &[act(Action::Help)]);
        check(&m, "the statistics' help", seen);
        send(&mut m, &db, &[act(Action::Audit)]);
        check(&m, "the audit trail", seen);
        send(&mut m, &db, &[act(Action::AuditFilter)]);
        check(&m, "the audit filter", seen);
        send(&mut m, &db, &[act(Action::Back), act(Action::Staff)]);
        check(&m, "staff", seen);
        send(&mut m, &db, &[act(Action::StaffAdd)]);
        check(&m, "adding staff", seen);
        seen.sort();
        seen.dedup();
        // The symbols the issue names were drawn plain somewhere above.
        assert_eq!(
            *seen,
            ["·", "×", "—", "…", "‹", "›", "→", "│", "✗"],
            "{lang:?}: the symbols named in the issue were drawn plain"
        );
    }
}
