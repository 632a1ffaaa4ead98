//! The front desk on the demo office, as a new clerk uses it (issue 14,
//! points 3–6): lookups that say how many match and find matters by ledger
//! and letter number, and work lists that show who and how late, by name.

mod common;

use common::bin::{text, xfdesk};
use common::screen::{act, model, render, row_text, screen, send, COLOUR};
use common::{audit_trail, TestDb};
use time::macros::date;
use time::Date;
use xfdesk::domain::mask::mask_query;
use xfdesk::i18n::Lang;
use xfdesk::service::queues::Queue;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::Msg;
use xfdesk::tui::screens::Screen;

const DEMO: &str = include_str!("../fixtures/demo.jsonl");

/// The desk's day for the work lists: months after the demo's last
/// registration, when several of its matters are overdue.
const TODAY: Date = date!(2027 - 01 - 10);

fn demo() -> TestDb {
    let db = TestDb::new();
    db.import("demo.jsonl", DEMO).unwrap();
    db
}

/// The demo's lines of one type, as JSON.
fn lines(kind: &str) -> Vec<serde_json::Value> {
    DEMO.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == kind)
        .collect()
}

/// How many of the demo's petitioners have `part` in their name.
fn named(part: &str) -> usize {
    lines("petitioner")
        .iter()
        .filter(|p| p["name"].as_str().unwrap().contains(part))
        .count()
}

fn typed(m: &mut xfdesk::tui::model::Model, db: &TestDb, query: &str) {
    send(m, db, &[act(Action::Lookup)]);
    for c in query.chars() {
        send(m, db, &[Msg::Text(c.to_string())]);
    }
}

fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

#[test]
fn a_lookup_says_how_many_match_and_page_down_shows_the_rest() {
    let db = demo();
    let all = named("王");
    assert!(all > 20, "the demo has more than a page of 王: {all}");
    let looked = db.desk.look("王", 20).unwrap();
    assert_eq!((looked.people.len(), looked.total), (20, all));

    for lang in [Lang::Zh, Lang::En] {
        let mut m = model(&db, lang);
        typed(&mut m, &db, "王");
        assert_eq!((m.s.lookup.results.len(), m.s.lookup.total), (20, all));
        let shown = screen(&render(&m, COLOUR));
        let said = match lang {
            Lang::Zh => format!("显示 20 人，共 {all} 人，请继续输入（PageDown 显示更多）"),
            Lang::En => format!("20 of {all} shown; type more (PageDown for more)"),
        };
        assert!(shown.contains(&said), "{shown}");
        insta::assert_snapshot!(format!("lookup_cut_{}", tag(lang)), shown);

        // PageDown inside the page moves; at its last row it shows more.
        send(&mut m, &db, &[act(Action::PageDown)]);
        assert_eq!((m.s.lookup.selected, m.s.lookup.results.len()), (10, 20));
        send(&mut m, &db, &[act(Action::Last), act(Action::PageDown)]);
        assert_eq!(m.s.lookup.results.len(), all, "every 王 is listed now");
        assert_eq!(m.s.lookup.selected, all - 1, "the cursor went on down");
        let shown = screen(&render(&m, COLOUR));
        assert!(!shown.contains(&said[..6]), "no longer cut:\n{shown}");
        // Typing starts a new search from its first page.
        send(&mut m, &db, &[Msg::Backspace, Msg::Text("王".into())]);
        assert_eq!(m.s.lookup.results.len(), 20);
    }
}

#[test]
fn a_ledger_number_finds_its_matter_and_enter_opens_it() {
    let mut db = demo();
    // The newest matter of the first 王, by its ledger number as written.
    let ledger = db.desk.look("王", 1).unwrap().people[0].matters[0].ledger;
    let matter = db.desk.matter(ledger).unwrap().unwrap();
    let first = db
        .desk
        .store()
        .petitioner(matter.petitioners[0])
        .unwrap()
        .unwrap();
    // A receptionist sees masked numbers: typing a ledger number digit by
    // digit is not a refused partial ID number.
    db.as_user("zhangli");
    for lang in [Lang::Zh, Lang::En] {
        let mut m = model(&db, lang);
        send(&mut m, &db, &[act(Action::Lookup)]);
        for (i, c) in ledger.to_string().chars().enumerate() {
            send(&mut m, &db, &[Msg::Text(c.to_string())]);
            assert_eq!(m.ctx.status, None, "no refusal after {} keys", i + 1);
        }
        assert_eq!(m.s.lookup.matters.len(), 1);
        assert_eq!(m.s.lookup.matters[0].brief.ledger, ledger);
        let shown = screen(&render(&m, COLOUR));
        assert!(
            shown.contains(&ledger.to_string()) && shown.contains(&first.name),
            "{shown}"
        );
        insta::assert_snapshot!(format!("lookup_ledger_{}", tag(lang)), shown);
        send(&mut m, &db, &[act(Action::Open)]);
        assert_eq!(m.screen(), Screen::Matter);
        assert_eq!(m.s.matter.matter.as_ref().map(|x| x.ledger), Some(ledger));
        // Part of an ID number is still refused, on the status line, and
        // the desk stays open for the rest of the number.
        send(&mut m, &db, &[act(Action::Home), act(Action::Lookup)]);
        while !m.s.lookup.query.text().is_empty() {
            send(&mut m, &db, &[Msg::Backspace]);
        }
        typed(&mut m, &db, "37199");
        assert!(m.ctx.status.is_some(), "the refusal is said");
        assert!(m.s.lookup.is_empty());
        let not_found = match lang {
            Lang::Zh => "未找到",
            Lang::En => "not found",
        };
        assert!(!screen(&render(&m, COLOUR)).contains(not_found));
    }
    let trail = audit_trail(&db);
    assert!(
        trail.iter().any(|e| e.by == "zhangli"
            && e.what == format!("looked up {}", mask_query(&ledger.to_string()))),
        "the look is audited: {:?}",
        trail.iter().rev().take(5).collect::<Vec<_>>()
    );
}

#[test]
fn a_letter_number_finds_its_matter() {
    let db = demo();
    let contact = lines("contact")
        .into_iter()
        .find(|c| c["letter_no"].is_string())
        .expect("the demo has letters");
    let number = contact["letter_no"].as_str().unwrap();
    // The whole number as written or in lower case, or its end.
    let end: String = number.chars().skip(1).collect();
    for query in [number.to_string(), number.to_lowercase(), end] {
        let looked = db.desk.look(&query, 20).unwrap();
        assert_eq!(looked.matters.len(), 1, "{query}: {looked:?}");
        let found = &looked.matters[0];
        assert_eq!(found.letter_no.as_deref(), Some(number));
        let matter = db.desk.matter(found.brief.ledger).unwrap().unwrap();
        assert!(matter
            .contacts
            .iter()
            .any(|c| c.letter_no.as_deref() == Some(number)));
    }
    let mut m = model(&db, Lang::Zh);
    typed(&mut m, &db, number);
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
}

#[test]
fn an_empty_lookup_says_not_found() {
    let db = demo();
    for (lang, said) in [(Lang::Zh, "未找到"), (Lang::En, "not found")] {
        for query in ["2026-999999", "清信1900-000001", "查无此人"] {
            let mut m = model(&db, lang);
            typed(&mut m, &db, query);
            assert!(m.s.lookup.is_empty(), "{query}");
            let shown = screen(&render(&m, COLOUR));
            assert!(shown.contains(said), "{query}:\n{shown}");
        }
    }
    // An empty query is not a failed search.
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Lookup)]);
    assert!(!screen(&render(&m, COLOUR)).contains("未找到"));
}

/// The rows a list shows, as text.
fn rows(m: &xfdesk::tui::model::Model) -> Vec<String> {
    let term = render(m, COLOUR);
    let buf = term.backend().buffer();
    (3..23).map(|y| row_text(buf, y)).collect()
}

#[test]
fn the_overdue_list_shows_who_and_how_many_days_late_by_name() {
    let db = demo();
    let overdue = db.desk.overdue(TODAY).unwrap();
    assert!(overdue.len() > 3, "the demo has overdue matters");
    for lang in [Lang::Zh, Lang::En] {
        let mut m = model(&db, lang);
        m.ctx.today = TODAY;
        send(&mut m, &db, &[act(Action::ListOverdue)]);
        let shown = rows(&m);
        for (row, r) in shown.iter().zip(&m.s.list.matters) {
            let o = overdue
                .iter()
                .find(|o| o.ledger == r.matter.ledger)
                .unwrap();
            let late = match lang {
                Lang::Zh => format!("逾期{}天", o.days_overdue),
                Lang::En => format!("{}d late", o.days_overdue),
            };
            let receiver = db
                .desk
                .store()
                .staff(&r.matter.first_receiver)
                .unwrap()
                .unwrap()
                .name;
            let who = db
                .desk
                .store()
                .petitioner(r.matter.petitioners[0])
                .unwrap()
                .unwrap()
                .name;
            assert!(row.contains(&r.matter.ledger.to_string()), "{row}");
            assert!(row.contains(&late), "{late} in {row}");
            assert!(row.contains(&who), "{who} in {row}");
            assert!(row.contains(&receiver), "{receiver} in {row}");
            assert!(!row.contains(&r.matter.first_receiver), "no login: {row}");
            if let Some(unit) = &r.matter.unit {
                let name = db.desk.store().unit(unit).unwrap().unwrap().name;
                assert!(row.contains(&name), "{name} in {row}");
            }
        }
        insta::assert_snapshot!(
            format!("list_overdue_demo_{}", tag(lang)),
            screen(&render(&m, COLOUR))
        );
    }
}

#[test]
fn todays_contacts_show_who_came_and_how_long_their_matter_has() {
    let mut db = demo();
    // The demo's last day with contacts, as the receptionist who took them.
    let last = lines("contact")
        .into_iter()
        .max_by_key(|c| c["at"].as_str().unwrap().to_string())
        .unwrap();
    let at = last["at"].as_str().unwrap();
    let day = Date::parse(
        &at[..10],
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let receiver = last["receiver"].as_str().unwrap().to_string();
    db.as_user(&receiver);
    let contacts = db.desk.today_contacts(day).unwrap();
    assert!(!contacts.is_empty());
    for lang in [Lang::Zh, Lang::En] {
        let mut m = model(&db, lang);
        m.ctx.today = day;
        send(&mut m, &db, &[act(Action::ListToday)]);
        assert_eq!(m.s.list.contacts.len(), contacts.len());
        let shown = rows(&m);
        for (row, r) in shown.iter().zip(&m.s.list.contacts) {
            let who = db
                .desk
                .store()
                .petitioner(r.contact.petitioners[0])
                .unwrap()
                .unwrap()
                .name;
            assert!(row.contains(&who), "{who} in {row}");
            assert!(row.contains(&r.contact.matter.to_string()), "{row}");
            let matter = db.desk.matter(r.contact.matter).unwrap().unwrap();
            let owed = matter.state.can_be_overdue();
            if let Some(due) = db.desk.due_of(&matter).filter(|_| owed) {
                let days = (due - day).whole_days();
                let late = match (lang, days) {
                    (Lang::Zh, 0) => "今日到期".to_string(),
                    (Lang::Zh, d) if d < 0 => format!("逾期{}天", -d),
                    (Lang::Zh, d) => format!("剩{d}天"),
                    (Lang::En, 0) => "due today".to_string(),
                    (Lang::En, d) if d < 0 => format!("{}d late", -d),
                    (Lang::En, d) => format!("{d}d left"),
                };
                assert!(row.contains(&late), "{late} in {row}");
            }
        }
        insta::assert_snapshot!(
            format!("list_today_demo_{}", tag(lang)),
            screen(&render(&m, COLOUR))
        );
    }
}

#[test]
fn the_lookup_command_prints_places_by_name_and_says_when_it_cut() {
    let TestDb { dir, desk } = demo();
    let ledger = desk.look("王", 1).unwrap().people[0].matters[0].ledger;
    drop(desk);
    let path = dir.path().join("db");
    let out = common::run_when_unlocked(|| xfdesk(&path, &["lookup", "王"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    for town in lines("town") {
        let code = town["code"].as_str().unwrap();
        assert!(!table.contains(code), "town code {code} printed:\n{table}");
    }
    assert!(table.contains("镇") || table.contains("街道") || table.contains("乡"));
    for category in lines("category") {
        let code = category["code"].as_str().unwrap();
        let codes = table.split_whitespace().filter(|w| *w == code).count();
        assert_eq!(codes, 0, "category code {code} printed:\n{table}");
    }
    let cut = text(&out.stderr);
    assert!(
        cut.contains(&format!("仅显示前 20 条，共 {} 条", named("王"))),
        "{cut}"
    );

    let out = xfdesk(&path, &["lookup", &ledger.to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&ledger.to_string()),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_schema_3_database_finds_letters_once_migrated() {
    use xfdesk::service::{current_unix_user, Desk};
    use xfdesk::store::{OpenOptions, WriteSet, SCHEMA_VERSION, T};
    let db = demo();
    let number = lines("contact")
        .into_iter()
        .find_map(|c| c["letter_no"].as_str().map(String::from))
        .unwrap();
    {
        // What schema 3 stored: no letter-number index.
        let store = db.desk.store();
        let mut ws = WriteSet::new(store);
        for r in store.index_range(T::LetterNo, ..) {
            ws.remove(T::LetterNo, r.unwrap().0);
        }
        ws.put_raw(T::Meta, b"schema".to_vec(), 3u32.to_be_bytes().to_vec());
        ws.commit().unwrap();
        store.flush().unwrap();
    }
    let TestDb { dir, desk } = db;
    drop(desk);
    let path = dir.path().join("db");
    let opts = OpenOptions::default();
    let admin = current_unix_user();
    let done = common::retry_while_locked(|| Desk::migrate(&path, &opts, &admin)).unwrap();
    assert_eq!((done.from, done.to), (3, SCHEMA_VERSION));
    let desk = common::retry_while_locked(|| Desk::open(&path, &opts, &admin)).unwrap();
    assert_eq!(desk.look(&number, 20).unwrap().matters.len(), 1);
    assert!(common::integrity(&desk).is_ok());
    drop(dir);
}

#[test]
fn matters_ready_to_close_are_not_called_late() {
    let db = demo();
    let ready = db.desk.queue(Queue::ReadyToClose, TODAY).unwrap();
    assert!(!ready.is_empty(), "the demo has matters ready to close");
    for (lang, late) in [(Lang::Zh, "逾期"), (Lang::En, "late")] {
        let mut m = model(&db, lang);
        m.ctx.today = TODAY;
        send(&mut m, &db, &[act(Action::ListReady)]);
        assert_eq!(m.s.list.matters.len(), ready.len());
        for (row, r) in rows(&m).iter().zip(&m.s.list.matters) {
            assert!(!r.matter.state.can_be_overdue());
            assert!(row.contains(&r.who), "{row}");
            assert!(!row.contains(late), "{row}");
        }
    }
}

#[test]
fn the_open_list_names_the_category_it_is_filtered_by() {
    let db = demo();
    let first = &lines("category")[0];
    let (code, name) = (
        first["code"].as_str().unwrap(),
        first["name"].as_str().unwrap(),
    );
    let mut m = model(&db, Lang::Zh);
    // Tab back from today's contacts to the list of every open matter.
    send(
        &mut m,
        &db,
        &[act(Action::ListToday), act(Action::PrevList)],
    );
    send(&mut m, &db, &[act(Action::FilterCategory)]);
    assert_eq!(m.s.list.filter.category.as_deref(), Some(code));
    let title = row_text(render(&m, COLOUR).backend().buffer(), 1);
    let heading = Lang::Zh.text().category;
    assert!(title.contains(&format!("{heading} {name}")), "{title}");
    assert!(!title.contains(&format!(" {code}")), "{title}");
}

#[test]
fn a_phone_written_like_the_start_of_a_ledger_number_is_still_found() {
    let person =
        "{\"type\":\"petitioner\",\"ref\":\"x\",\"name\":\"区号人\",\"phones\":[\"2083-1234\"]}\n";
    let db = TestDb::office(
        person,
        time::macros::datetime!(2026-07-01 10:00 +8),
        "zhangli",
    );
    let looked = db.desk.look("2083-1234", 20).unwrap();
    let names: Vec<&str> = looked.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["区号人"]);
    // Its beginning is neither refused nor a search.
    assert!(db.desk.look("2083-12", 20).unwrap().people.is_empty());
}
