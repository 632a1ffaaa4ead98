//! Every screen of the desk at 80×24 in both languages speaks one language
//! and shows its words whole (issue 14, points 16 and 17). One language: no
//! programme identifier (`in_progress`) anywhere, no
//! English word on a Chinese screen but key names and the office's own
//! data, no Chinese on an English screen but the office's data. The data is
//! the demo office's file: its names, codes and summaries may stand in
//! either language; every other word is the product's and must be the
//! reader's.

mod common;

use common::screen::{act, render, screen, send, COLOUR};
use common::TestDb;
use time::macros::{date, datetime};
use xfdesk::i18n::Lang;
use xfdesk::service::FixedClock;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{run_pending, Model, Msg};

const DEMO: &str = include_str!("../fixtures/demo.jsonl");
/// The scorecards' names and criteria are the office's own rules files.
const RULES: [&str; 2] = [
    include_str!("../fixtures/rules/three-no.toml"),
    include_str!("../fixtures/rules/four-no.toml"),
];

fn demo() -> TestDb {
    let mut db = TestDb::new();
    db.desk
        .set_clock(Box::new(FixedClock(datetime!(2026-11-02 09:00 +8))));
    db.import("demo.jsonl", DEMO).unwrap();
    db
}

/// Each screen a person can reach, by name, as drawn at 80×24; on the way
/// the desk writes what the audit trail then shows (a history viewed, a
/// lookup, matters closed).
fn tour(db: &TestDb, lang: Lang) -> Vec<(String, String)> {
    let mut m = Model::new(&db.desk, lang, date!(2026 - 11 - 02)).unwrap();
    let mut seen = Vec::new();
    let mut look = |m: &mut Model, name: &str| {
        run_pending(m, &db.desk).unwrap();
        seen.push((name.to_string(), screen(&render(m, COLOUR))));
    };
    look(&mut m, "home");
    send(&mut m, db, &[act(Action::Lookup), Msg::Text("于水".into())]);
    look(&mut m, "lookup");
    send(&mut m, db, &[act(Action::Open)]);
    look(&mut m, "card");
    send(&mut m, db, &[act(Action::PageDown)]);
    look(&mut m, "card, older contacts");
    send(&mut m, db, &[act(Action::Open)]);
    key_case(db, &m);
    // Read again with its key case.
    send(&mut m, db, &[act(Action::Back), act(Action::Open)]);
    look(&mut m, "matter");
    send(&mut m, db, &[act(Action::PageDown)]);
    look(&mut m, "matter, older entries");
    send(&mut m, db, &[act(Action::Act)]);
    look(&mut m, "action menu");
    send(&mut m, db, &[act(Action::Open)]);
    look(&mut m, "action form");
    send(&mut m, db, &[act(Action::Back), act(Action::Case)]);
    look(&mut m, "key case menu");
    send(&mut m, db, &[act(Action::Down), act(Action::Open)]);
    look(&mut m, "key case log form");
    send(&mut m, db, &[act(Action::Back), act(Action::Back)]);
    send(&mut m, db, &[act(Action::Register)]);
    look(&mut m, "registration for this matter");
    send(&mut m, db, &[act(Action::Discard), act(Action::Help)]);
    look(&mut m, "help");
    for list in [
        Action::ListToday,
        Action::ListMine,
        Action::ListOverdue,
        Action::ListDueSoon,
        Action::ListReady,
    ] {
        send(&mut m, db, &[act(Action::Home), act(list)]);
        look(&mut m, &format!("{list:?}"));
    }
    send(&mut m, db, &[act(Action::CloseReady)]);
    look(&mut m, "close all ready?");
    send(&mut m, db, &[act(Action::Open)]);
    look(&mut m, "closed");
    send(&mut m, db, &[act(Action::Home), act(Action::Register)]);
    look(&mut m, "registration");
    send(&mut m, db, &[act(Action::Discard), act(Action::Home)]);
    send(
        &mut m,
        db,
        &[act(Action::Scorecards), act(Action::PrevPeriod)],
    );
    look(&mut m, "scorecard");
    send(&mut m, db, &[act(Action::ToggleRules)]);
    look(&mut m, "scorecard, four-no");
    send(&mut m, db, &[act(Action::NextField), act(Action::Open)]);
    look(&mut m, "drill-down");
    send(&mut m, db, &[act(Action::Back), act(Action::ZeroVisit)]);
    look(&mut m, "villages with no contact");
    send(&mut m, db, &[act(Action::Home), act(Action::Statistics)]);
    look(&mut m, "statistics");
    send(
        &mut m,
        db,
        &[
            act(Action::Home),
            act(Action::Brief),
            act(Action::PrevPeriod),
        ],
    );
    look(&mut m, "brief");
    send(&mut m, db, &[act(Action::Units)]);
    look(&mut m, "units");
    send(
        &mut m,
        db,
        &[
            act(Action::NextField),
            act(Action::NextField),
            act(Action::Open),
        ],
    );
    look(&mut m, "a unit's matters");
    send(&mut m, db, &[act(Action::Back), act(Action::Back)]);
    send(
        &mut m,
        db,
        &[
            act(Action::Home),
            act(Action::Cases),
            act(Action::CaseReport),
        ],
    );
    look(&mut m, "key cases report");
    send(
        &mut m,
        db,
        &[act(Action::NextField), act(Action::NextField)],
    );
    look(&mut m, "key cases report, sessions");
    send(&mut m, db, &[act(Action::Home), act(Action::Audit)]);
    look(&mut m, "audit trail");
    send(&mut m, db, &[act(Action::Open)]);
    look(&mut m, "audit entry");
    send(&mut m, db, &[act(Action::Back), act(Action::AuditFilter)]);
    look(&mut m, "audit filter");
    send(
        &mut m,
        db,
        &[act(Action::Back), act(Action::Home), act(Action::Staff)],
    );
    look(&mut m, "staff");
    send(&mut m, db, &[act(Action::StaffAdd)]);
    look(&mut m, "add staff");
    send(&mut m, db, &[act(Action::Back), act(Action::Supervision)]);
    look(&mut m, "supervision letters");
    send(&mut m, db, &[act(Action::IssueLetter)]);
    look(&mut m, "issue a letter");
    send(&mut m, db, &[act(Action::Back), act(Action::ReceptionRota)]);
    look(&mut m, "reception rota");
    send(&mut m, db, &[act(Action::RotaAdd)]);
    look(&mut m, "add a reception session");
    send(&mut m, db, &[act(Action::Back), act(Action::KeyPersons)]);
    look(&mut m, "key persons");
    send(&mut m, db, &[act(Action::Open), act(Action::FlagKeyPerson)]);
    look(&mut m, "flag a key person");
    seen
}

/// The matter shown made a key case with a log entry, once, in the
/// office's own words, so that the matter's head shows one.
fn key_case(db: &TestDb, m: &Model) {
    use xfdesk::domain::case::{CaseDraft, CaseLogKind, CaseSource};
    let ledger = m.s.matter.matter.as_ref().expect("a matter").ledger;
    if db.desk.case(ledger).unwrap().is_some() {
        return;
    }
    let note = "情况复杂，需进一步调查";
    let draft = CaseDraft {
        source: Some(CaseSource::LongStanding),
        leader: Some("sunhao".into()),
        measures: Some(note.into()),
        due: Some(date!(2026 - 12 - 31)),
        unit: Some("jtj".into()),
        owner: Some("wangwei".into()),
        ..Default::default()
    };
    db.desk.open_case(ledger, &draft).unwrap();
    db.desk
        .add_case_log(ledger, CaseLogKind::Investigate, note)
        .unwrap();
}

/// The words a screen may show in any language: key names, the product's
/// and its commands' names.
const KEYS: &[&str] = &[
    "F1",
    "F2",
    "F3",
    "F4",
    "F5",
    "F6",
    "F7",
    "F8",
    "F9",
    "F10",
    "F11",
    "F12",
    "Esc",
    "Enter",
    "Tab",
    "Ctrl",
    "Alt",
    "Shift",
    "PageDown",
    "PageUp",
    "Home",
    "End",
    "Up",
    "Down",
    "Left",
    "Right",
    "Space",
    "Backspace",
    "Del",
    "Insert",
    "PgDn",
    "PgUp",
    "xfdesk",
    "holidays",
    "Excel",
];

/// The fields of the interchange format that hold a code of the product's
/// own (`"action":"accept"`): those are words the screens must translate.
const PRODUCT_CODES: &[&str] = &[
    "type",
    "action",
    "channel",
    "level",
    "role",
    "satisfaction",
    "opinion",
    "kind",
    "method",
    "jurisdiction",
    "gender",
];

/// Every text the office's file holds, one per line: names, codes of its
/// towns and units, logins, summaries, notes; not the product's own codes.
fn office_data() -> String {
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(fields) => {
                for (k, v) in fields {
                    if !PRODUCT_CODES.contains(&k.as_str()) {
                        walk(v, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = String::new();
    for line in DEMO.lines().filter(|l| l.starts_with('{')) {
        walk(&serde_json::from_str(line).unwrap(), &mut out);
    }
    out.extend(RULES);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Runs of `keep` characters in `s`.
fn runs(s: &str, keep: fn(char) -> bool) -> Vec<&str> {
    s.split(|c: char| !keep(c))
        .filter(|w| !w.is_empty())
        .collect()
}

fn snake_case(word: &str) -> bool {
    let parts: Vec<&str> = word.split('_').collect();
    parts.len() > 1
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

#[test]
fn every_screen_speaks_the_readers_language() {
    let db = demo();
    let data = office_data();
    let data_words: std::collections::HashSet<&str> =
        runs(&data, |c| c.is_ascii_alphanumeric() || c == '_')
            .into_iter()
            .collect();
    let login = db.desk.user().login.clone();
    let mut wrong = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for (name, text) in tour(&db, lang) {
            if std::env::var("TOUR_DUMP").is_ok() {
                println!("===== {lang:?} {name}\n{text}");
            }
            let ascii_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
            for word in runs(&text, ascii_word) {
                let letters = word.chars().filter(|c| c.is_ascii_alphabetic()).count();
                let stray = if snake_case(word) {
                    true
                } else {
                    lang == Lang::Zh
                        && letters >= 2
                        && !KEYS.contains(&word)
                        && word != login
                        && !data_words.contains(word)
                };
                if stray {
                    wrong.push(format!("{lang:?} {name}: {word:?}"));
                }
            }
            if lang == Lang::En {
                for run in runs(&text, is_cjk) {
                    if !data.contains(run) {
                        wrong.push(format!("{lang:?} {name}: {run:?}"));
                    }
                }
            }
        }
    }
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "words of the wrong language:\n{}",
        wrong.join("\n")
    );
}

/// The screens of the tour with the given name, in `lang`.
fn shown<'a>(tour: &'a [(String, String)], name: &str) -> &'a str {
    &tour.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn nothing_is_cut_at_80_columns_with_double_width_text() {
    let db = demo();
    let rules: Vec<xfdesk::domain::rules::Rules> = RULES
        .iter()
        .map(|r| xfdesk::domain::rules::Rules::parse(r, "rules").unwrap())
        .collect();
    for lang in [Lang::Zh, Lang::En] {
        let tour = tour(&db, lang);
        let describes: Vec<&str> = Action::ALL.iter().map(|a| a.describe(lang)).collect();
        for (name, text) in &tour {
            for row in text.lines() {
                // A choice shows its end marker: nothing ran past the field.
                if let Some(at) = row.find('‹') {
                    assert!(row[at..].contains('›'), "{lang:?} {name}: {row}");
                }
            }
            // The hint bar: each hint whole, key then what it does.
            let bar = text.lines().last().unwrap();
            for hint in bar.split("  ").filter(|h| !h.is_empty()) {
                let (_, what) = hint.split_once(' ').unwrap_or((hint, ""));
                assert!(
                    describes.contains(&what),
                    "{lang:?} {name}: hint {hint:?} in {bar:?}"
                );
            }
        }
        // The scorecards' criteria, headed or in a legend, whole.
        for (screen, rules) in [("scorecard", &rules[0]), ("scorecard, four-no", &rules[1])] {
            let text = shown(&tour, screen);
            for c in &rules.criteria {
                assert!(
                    text.contains(&c.label),
                    "{lang:?} {screen}: {}\n{text}",
                    c.label
                );
            }
            assert!(text.contains(xfdesk::i18n::words(lang).score), "{text}");
            for keys in lang.text().report_keys_scorecard.split("  ") {
                assert!(
                    text.contains(keys),
                    "{lang:?} {screen}: keys {keys:?}\n{text}"
                );
            }
        }
        // The card's matters: every heading whole.
        let t = lang.text();
        let card = shown(&tour, "card");
        let heading = card.lines().find(|l| l.contains(t.ledger)).unwrap();
        for h in [
            t.state,
            t.kind_short,
            t.due,
            xfdesk::i18n::list_words(lang).receiver,
            t.unit,
            t.summary,
        ] {
            assert!(
                heading.split_whitespace().any(|w| w == h),
                "{lang:?} card: {h:?} in {heading:?}"
            );
        }
        // The person found on file: her number and her whole town, 清河镇.
        let form = shown(&tour, "registration for this matter");
        let person = form.lines().find(|l| l.contains("于水秀")).unwrap();
        assert!(person.contains("3719**********4558 清河镇"), "{person}");
        // The brief's totals with both changes; the units' headings whole.
        let b = xfdesk::i18n::brief_words(lang);
        let brief = shown(&tour, "brief");
        for label in b.screen_totals {
            let row = brief.lines().find(|l| l.contains(label)).unwrap();
            let changes = row.matches(['%', '—']).count();
            assert_eq!(changes, 2, "{lang:?} brief: {row}");
        }
        let units = shown(&tour, "units");
        let heading = units.lines().find(|l| l.contains(b.col_timely)).unwrap();
        for h in [
            b.col_received,
            b.col_on_time,
            b.col_overdue,
            b.col_rated,
            b.col_satisfied,
        ] {
            assert!(heading.contains(h), "{lang:?} units: {h:?} in {heading:?}");
        }
        // The statistics' labels whole.
        let w = xfdesk::i18n::words(lang);
        let stats = shown(&tour, "statistics");
        for label in [
            w.skip_level,
            w.abnormal,
            w.collective_batches,
            w.collective_persons,
            w.by_kind,
            w.repeat,
        ] {
            assert!(
                stats.contains(label),
                "{lang:?} statistics: {label:?}\n{stats}"
            );
        }
    }
}
