//! Imports into real databases: a generated office file is taken whole and
//! export → import → export gives the same bytes; a damaged file never panics
//! the import, and one refused leaves the database as it was.

use crate::common::{TestDb, INTERCHANGE_EXAMPLE, OFFICE};
use crate::import_lines::{object_line, TEMPLATES};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value};
use std::fmt::Write as _;
use xfdesk::domain::idnum::check_char;
use xfdesk::service::ServiceError;

/// Free text as people and other systems write it: Chinese, now and then
/// padded, tabbed or carrying a control or bidi character that cleaning drops.
fn text(max: usize) -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[\u{4e00}-\u{9fa5}a-z0-9]", 1..max),
        "[ \t\u{1b}\u{202e}\u{7}]{0,2}",
        "[ \t\u{200f}]{0,2}",
    )
        .prop_map(|(core, pre, post)| format!("{pre}{}{post}", core.concat()))
}

/// A JSON string literal.
fn js(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

/// A valid ID number, spelled as the office may receive it: as is, with a
/// lower-case x, in full-width digits, or an old 15-digit number.
fn id_number() -> impl Strategy<Value = String> {
    (
        "[1-6][0-9]{5}",
        1930i32..2005,
        1u8..13,
        1u8..29,
        "[0-9]{3}",
        0u8..4,
    )
        .prop_map(|(region, y, m, d, seq, how)| {
            if how == 3 {
                return format!("{region}{:02}{m:02}{d:02}{seq}", y % 100);
            }
            let first17 = format!("{region}{y:04}{m:02}{d:02}{seq}");
            let n = format!("{first17}{}", check_char(&first17).expect("17 digits"));
            match how {
                1 => n.replace('X', "x"),
                2 => n
                    .chars()
                    .map(|c| {
                        char::from_u32(c as u32 + 0xFEE0)
                            .filter(|_| c.is_ascii_digit())
                            .unwrap_or(c)
                    })
                    .collect(),
                _ => n,
            }
        })
}

fn phone() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "+86 ", "0086-", "86", "0532-", "+86 0086 "]),
        "1[3-9][0-9]{9}",
        prop::sample::select(vec!["", " ", "-"]),
    )
        .prop_map(|(prefix, digits, sep)| {
            format!(
                "{prefix}{}{sep}{}{sep}{}",
                &digits[..3],
                &digits[3..7],
                &digits[7..]
            )
        })
}

#[derive(Clone, Debug)]
struct Person {
    name: String,
    id_number: Option<String>,
    phones: Vec<String>,
    place: u8,
    address: Option<String>,
    gender: Option<&'static str>,
    key_person: Option<String>,
    notes: Option<String>,
}

fn person() -> impl Strategy<Value = Person> {
    (
        (
            text(5),
            prop::option::of(id_number()),
            prop::collection::vec(phone(), 0..3),
        ),
        (
            0u8..4,
            prop::option::of(text(20)),
            prop::sample::select(vec![None, Some("male"), Some("female")]),
        ),
        (
            prop::option::weighted(0.2, text(10)),
            prop::option::of((text(8), text(8))),
        ),
    )
        .prop_map(
            |((name, id_number, phones), (place, address, gender), (key_person, notes))| Person {
                gender: gender.filter(|_| id_number.is_none()),
                name,
                id_number,
                phones,
                place,
                address,
                key_person,
                notes: notes.map(|(a, b)| format!("{a}\n{b}")),
            },
        )
}

#[derive(Clone, Debug)]
struct Case {
    parties: Vec<prop::sample::Index>,
    category: bool,
    town: bool,
    summary: String,
    receiver: bool,
    /// Minutes after 2021-01-01 00:00 UTC.
    at: u32,
    jurisdiction: Option<&'static str>,
    contacts: Vec<(&'static str, &'static str, u32, bool, Option<String>)>,
    /// How far along the workflow: accept, extend, reply, evaluate.
    steps: usize,
}

fn case() -> impl Strategy<Value = Case> {
    let contact = (
        prop::sample::select(vec!["visit", "letter", "call", "online"]),
        prop::sample::select(vec!["town", "county", "city", "province", "national"]),
        1u32..12,
        any::<bool>(),
        prop::option::weighted(0.3, "[A-Z]-[0-9]{1,4}"),
    );
    (
        (
            prop::collection::vec(any::<prop::sample::Index>(), 1..3),
            any::<bool>(),
            any::<bool>(),
            text(30),
        ),
        (
            any::<bool>(),
            0u32..(4 * 365 * 24 * 60),
            prop::sample::select(vec![None, Some("town"), Some("city")]),
        ),
        (prop::collection::vec(contact, 0..4), 0usize..5),
    )
        .prop_map(
            |(
                (parties, category, town, summary),
                (receiver, at, jurisdiction),
                (contacts, steps),
            )| Case {
                parties,
                category,
                town,
                summary,
                receiver,
                at,
                jurisdiction,
                contacts,
                steps,
            },
        )
}

/// Minutes after 2021-01-01 as RFC 3339, in one of several offsets.
fn time_at(minutes: u32, offset: u32) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(1_609_459_200 + i64::from(minutes) * 60)
        .expect("in range");
    let tz = match offset % 3 {
        0 => time::UtcOffset::from_hms(8, 0, 0),
        1 => time::UtcOffset::from_hms(0, 0, 0),
        _ => time::UtcOffset::from_hms(-5, -30, 0),
    }
    .expect("offset");
    t.to_offset(tz)
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formats")
}

/// The lines of an office's file for these people and matters; each ID
/// number is kept only once (a file may not hold one person twice).
fn office_file(people: &[Person], cases: &[Case]) -> (String, usize, usize, usize, usize) {
    let mut out = String::new();
    let mut ids = std::collections::BTreeSet::new();
    for (i, p) in people.iter().enumerate() {
        let mut line = format!(
            r#"{{"type":"petitioner","ref":"p{i}","name":{}"#,
            js(&p.name)
        );
        let id = p.id_number.as_ref().filter(|n| ids.insert(normal_id(n)));
        if let Some(n) = id {
            write!(line, r#","id_number":{}"#, js(n)).unwrap();
        } else if let Some(g) = p.gender {
            write!(line, r#","gender":"{g}""#).unwrap();
        }
        if !p.phones.is_empty() {
            let phones: Vec<String> = p.phones.iter().map(|s| js(s)).collect();
            write!(line, r#","phones":[{}]"#, phones.join(",")).unwrap();
        }
        match p.place {
            1 => line.push_str(r#","town":"370211002""#),
            2 => line.push_str(r#","town":"370211001","village":"370211001001""#),
            3 => line.push_str(r#","village":"370211001001""#),
            _ => {}
        }
        for (k, v) in [
            ("address", &p.address),
            ("key_person", &p.key_person),
            ("notes", &p.notes),
        ] {
            if let Some(v) = v {
                write!(line, r#","{k}":{}"#, js(v)).unwrap();
            }
        }
        out.push_str(&line);
        out.push_str("}\n");
    }
    let (mut contacts, mut events) = (0, 0);
    for (i, c) in cases.iter().enumerate() {
        let parties: Vec<String> = c
            .parties
            .iter()
            .map(|x| format!("\"p{}\"", x.index(people.len())))
            .collect();
        let category = if c.category { "jy" } else { "cxjs" };
        let town = if c.town { "370211001" } else { "370211002" };
        let receiver = if c.receiver { "zhangli" } else { "chenjing" };
        let at = |minutes: u32| time_at(c.at + minutes, c.at + i as u32);
        write!(
            out,
            r#"{{"type":"matter","ref":"m{i}","petitioners":[{}],"category":"{category}","town":"{town}","summary":{},"first_receiver":"{receiver}","registered_at":"{}""#,
            parties.join(","),
            js(&c.summary),
            at(0)
        )
        .unwrap();
        if let Some(j) = c.jurisdiction {
            write!(out, r#","jurisdiction":"{j}""#).unwrap();
        }
        out.push_str("}\n");
        for (k, (channel, level, headcount, abnormal, letter_no)) in c.contacts.iter().enumerate() {
            write!(
                out,
                r#"{{"type":"contact","matter":"m{i}","petitioners":[{}],"at":"{}","channel":"{channel}","level":"{level}","headcount":{headcount},"abnormal":{abnormal},"receiver":"{receiver}","summary":{}"#,
                parties[0],
                at(k as u32 * 90),
                js(&format!("{}{k}", c.summary))
            )
            .unwrap();
            if let Some(n) = letter_no.as_ref().filter(|_| *channel == "letter") {
                write!(out, r#","letter_no":"{n}""#).unwrap();
            }
            out.push_str("}\n");
            contacts += 1;
        }
        let steps = [
            (60 * 24, r#""action":"accept","by":"zhangli","unit":"jtj""#),
            (
                60 * 24 * 20,
                r#""action":"extend","by":"lijun","days":30,"reason":"案情复杂""#,
            ),
            (
                60 * 24 * 40,
                r#""action":"reply","by":"wangwei","note":"已答复""#,
            ),
            (
                60 * 24 * 45,
                r#""action":"evaluate","by":"zhangli","satisfaction":"basic""#,
            ),
        ];
        for (after, fields) in steps.iter().take(c.steps) {
            writeln!(
                out,
                r#"{{"type":"event","matter":"m{i}","at":"{}",{fields}}}"#,
                at(*after)
            )
            .unwrap();
            events += 1;
        }
    }
    (out, people.len(), cases.len(), contacts, events)
}

/// The 18-character form of a generated number, to tell duplicates.
fn normal_id(n: &str) -> String {
    xfdesk::domain::idnum::normalize(n, time::macros::date!(2026 - 01 - 01))
        .expect("generated numbers are valid")
        .number
}

proptest! {
    #![proptest_config(crate::config_scaled(8))]

    #[test]
    fn an_office_file_is_taken_whole_and_export_import_export_is_the_same(
        people in prop::collection::vec(person(), 1..6),
        cases in prop::collection::vec(case(), 0..4),
    ) {
        let (file, n_people, n_matters, n_contacts, n_events) = office_file(&people, &cases);
        let db = TestDb::new();
        db.import("office.jsonl", OFFICE).expect("the office");
        let s = db.import("generated.jsonl", &file)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{file}")))?;
        prop_assert_eq!((s.petitioners, s.matters, s.contacts, s.events), (n_people, n_matters, n_contacts, n_events));
        let first = db.export();
        for p in &people {
            let name = xfdesk::domain::text::clean_line(&p.name);
            prop_assert!(first.contains(&js(&name)), "{} lost", name);
        }
        let again = TestDb::new();
        again.import("export.jsonl", &first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let second = again.export();
        prop_assert!(first == second, "round trip differs:\n{}\n---\n{}", first, second);
    }
}

/// Strings an office's files are made of: refs, codes, logins, states,
/// times, ID and ledger numbers, good and bad, and some text.
fn plausible_text() -> impl Strategy<Value = String> {
    let pool = prop::sample::select(vec![
        "",
        "p1",
        "p2",
        "m1",
        "m2",
        "2026-000001",
        "2026-000099",
        "11010519491231002X",
        "110105194912310021",
        "370211001",
        "370211002",
        "370211001001",
        "999",
        "jy",
        "cxjs",
        "xfj",
        "jtj",
        "zhangli",
        "wangwei",
        "lijun",
        "zhaomin",
        "nobody",
        "visit",
        "letter",
        "county",
        "national",
        "accept",
        "reply",
        "close",
        "evaluate",
        "extend",
        "review_request",
        "resolve_on_spot",
        "2026-03-02T09:15:00+08:00",
        "2025-12-31T23:59:59Z",
        "2036-01-01T00:00:00+08:00",
        "2026-02-30T10:00:00+08:00",
        "satisfied",
        "admin",
        "female",
        "13800138000",
        "\u{1b}[31m",
        "张三\u{202e}",
    ]);
    prop_oneof![6 => pool.prop_map(String::from), 1 => ".{0,6}"]
}

/// A value of the same JSON kind as `template`, mostly a plausible one.
fn plausible_like(template: Value) -> BoxedStrategy<Value> {
    match template {
        Value::String(_) => plausible_text().prop_map(Value::String).boxed(),
        Value::Array(_) => prop::collection::vec(plausible_text().prop_map(Value::String), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Value::Bool(_) => any::<bool>().prop_map(Value::Bool).boxed(),
        _ => prop_oneof![0u64..40, any::<u64>()]
            .prop_map(Value::from)
            .boxed(),
    }
}

/// A line of a file made from a valid one: most fields kept, a few left out
/// or given another plausible value.
fn plausible_line() -> impl Strategy<Value = String> {
    (0..TEMPLATES.len()).prop_flat_map(|t| {
        let (name, fields) = TEMPLATES[t];
        let edits: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
            .iter()
            .map(|(field, text)| {
                let value: Value = serde_json::from_str(text).expect("template");
                let field = field.to_string();
                let f2 = field.clone();
                prop_oneof![
                    8 => Just(Some((field.clone(), value.clone()))),
                    1 => Just(None),
                    2 => plausible_like(value).prop_map(move |v| Some((f2.clone(), v))),
                ]
                .boxed()
            })
            .collect();
        edits.prop_map(move |kept| {
            let mut obj = Map::new();
            obj.insert("type".into(), name.into());
            obj.extend(kept.into_iter().flatten());
            Value::Object(obj).to_string()
        })
    })
}

/// A file of a few lines: mostly plausible ones, now and then a damaged one.
fn damaged_file() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop_oneof![6 => plausible_line(), 1 => object_line()], 1..6)
}

#[test]
fn a_damaged_file_never_panics_the_import_and_a_refused_one_changes_nothing() {
    let db = TestDb::new();
    db.import(
        "base.jsonl",
        &format!(
            "{OFFICE}{}",
            INTERCHANGE_EXAMPLE
                .lines()
                .skip(7)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    )
    .expect("the base");
    let before = std::cell::RefCell::new(db.export());
    let mut runner = TestRunner::new(crate::config_scaled(8));
    let result = runner.run(&damaged_file(), |lines| {
        let text = lines.join("\n");
        match db.import("damaged.jsonl", &text) {
            Ok(_) => *before.borrow_mut() = db.export(),
            Err(ServiceError::Import(problems)) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    prop_assert_eq!(p.file.as_str(), "damaged.jsonl");
                    prop_assert!((1..=lines.len() as u32).contains(&p.pos.line), "{}", p);
                    prop_assert!(!p.field.is_empty() && !p.message.is_empty(), "{}", p);
                }
                prop_assert!(
                    db.export() == *before.borrow(),
                    "a refused import changed the database"
                );
            }
            // Lines already in the database (the base's person or matter again).
            Err(ServiceError::AlreadyThere(overlaps)) => {
                prop_assert_eq!(overlaps.len(), 1);
                let o = &overlaps[0];
                prop_assert_eq!(o.file.as_str(), "damaged.jsonl");
                prop_assert!(
                    0 < o.lines && o.lines <= o.of && o.of <= lines.len(),
                    "{:?}",
                    o
                );
                for &(a, b) in &o.runs {
                    prop_assert!(1 <= a && a <= b && b <= lines.len() as u32, "{:?}", o);
                }
                prop_assert!(
                    db.export() == *before.borrow(),
                    "a refused import changed the database"
                );
            }
            Err(other) => prop_assert!(false, "not a list of problems: {}", other),
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
