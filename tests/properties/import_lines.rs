//! Reading interchange lines (docs/interchange.md): whatever a file holds, every line is
//! either read or refused with its line number, and nothing panics.

use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use xfdesk::service::import::parse::{parse_line, read_lines};
use xfdesk::service::import::{Pos, Problem, MAX_LINE_BYTES};

const POS: Pos = Pos { file: 0, line: 7 };

/// Each line type with a valid value for each of its fields.
pub const TEMPLATES: &[(&str, &[(&str, &str)])] = &[
    (
        "town",
        &[("code", r#""370211001""#), ("name", r#""辛安街道""#)],
    ),
    (
        "village",
        &[
            ("code", r#""370211001001""#),
            ("town", r#""370211001""#),
            ("name", r#""辛安社区""#),
        ],
    ),
    ("unit", &[("code", r#""xfj""#), ("name", r#""区信访局""#)]),
    ("category", &[("code", r#""jy""#), ("name", r#""教育""#)]),
    (
        "staff",
        &[
            ("login", r#""zhangli""#),
            ("name", r#""张丽""#),
            ("role", r#""receptionist""#),
            ("unit", r#""xfj""#),
            ("disabled", "false"),
        ],
    ),
    (
        "petitioner",
        &[
            ("ref", r#""p1""#),
            ("name", r#""于营""#),
            ("id_number", r#""11010519491231002X""#),
            ("other_doc", r#""passport:E1234567""#),
            ("phones", r#"["13800138000"]"#),
            ("town", r#""370211001""#),
            ("village", r#""370211001001""#),
            ("address", r#""辛安街道1号""#),
            ("gender", r#""female""#),
            ("key_person", r#""多次进京""#),
            ("notes", r#""备注""#),
        ],
    ),
    (
        "matter",
        &[
            ("ref", r#""m1""#),
            ("ledger", r#""2026-000001""#),
            ("petitioners", r#"["p1"]"#),
            ("category", r#""jy""#),
            ("town", r#""370211001""#),
            ("summary", r#""撤并学校,上学不便""#),
            ("first_receiver", r#""zhangli""#),
            ("registered_at", r#""2026-03-02T09:15:00+08:00""#),
            ("jurisdiction", r#""county""#),
            ("leader", r#""zhaomin""#),
        ],
    ),
    (
        "contact",
        &[
            ("matter", r#""m1""#),
            ("petitioners", r#"["p1"]"#),
            ("at", r#""2026-03-02T09:15:00+08:00""#),
            ("channel", r#""visit""#),
            ("level", r#""county""#),
            ("headcount", "1"),
            ("abnormal", "false"),
            ("receiver", r#""zhangli""#),
            ("summary", r#""来访反映撤并学校""#),
            ("letter_no", r#""L-1""#),
            ("town", r#""370211001""#),
        ],
    ),
    (
        "event",
        &[
            ("matter", r#""m1""#),
            ("at", r#""2026-03-03T10:00:00+08:00""#),
            ("action", r#""extend""#),
            ("by", r#""zhangli""#),
            ("reason", r#""案情复杂""#),
            ("note", r#""已答复""#),
            ("unit", r#""jtj""#),
            ("handler", r#""wangwei""#),
            ("days", "30"),
            ("satisfaction", r#""satisfied""#),
            ("to", r#""lijun""#),
        ],
    ),
];

/// Any JSON value, nested a little.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
        prop::sample::select(vec!["visit", "county", "p1", "m1", "2026-000001", ""])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The name of a field a file may add: a word, nothing at all, or controls.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_]{1,8}",
        1 => Just(String::new()),
        1 => "[a\u{0}-\u{1f}\u{7f}\u{9b}\u{202e}]{1,4}",
    ]
}

/// What may happen to one field of a template.
#[derive(Clone, Debug)]
enum Edit {
    Keep,
    Drop,
    Replace(Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => Just(Edit::Keep),
        1 => Just(Edit::Drop),
        2 => json().prop_map(Edit::Replace),
    ]
}

/// A line made from a template: mostly valid, some fields missing or wrong,
/// now and then an unknown field or another type.
pub fn object_line() -> impl Strategy<Value = String> {
    (
        0..TEMPLATES.len(),
        prop::collection::vec(edit(), 11),
        prop::option::weighted(0.1, (field_name(), json())),
        prop::option::weighted(0.1, json()),
    )
        .prop_map(|(t, edits, extra, ty)| {
            let (name, fields) = TEMPLATES[t];
            let mut obj = Map::new();
            obj.insert("type".into(), ty.unwrap_or_else(|| name.into()));
            for ((field, value), edit) in fields.iter().zip(edits) {
                match edit {
                    Edit::Keep => {
                        obj.insert(
                            (*field).into(),
                            serde_json::from_str(value).expect("template"),
                        );
                    }
                    Edit::Drop => {}
                    Edit::Replace(v) => {
                        obj.insert((*field).into(), v);
                    }
                }
            }
            if let Some((k, v)) = extra {
                obj.insert(k, v);
            }
            Value::Object(obj).to_string()
        })
}

/// Text a file's line may hold.
fn line_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => object_line(),
        1 => any::<String>(),
        1 => (object_line(), any::<prop::sample::Index>(), ".{0,3}").prop_map(|(s, at, junk)| {
            // Damage: cut the line and put something else in its place.
            let cut = at.index(s.len() + 1);
            let cut = (0..=cut).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
            format!("{}{junk}", &s[..cut])
        }),
    ]
}

/// One line: read, or refused with at least one problem at its position and
/// nothing else; a line that is read comes back the same from its own JSON.
fn check_one(text: &str) -> Result<(), TestCaseError> {
    let mut problems = Vec::new();
    match parse_line(text, POS, &mut problems) {
        Some(line) => {
            prop_assert!(problems.is_empty(), "{:?}", problems);
            let again = parse_line(&line.to_json(), POS, &mut problems);
            prop_assert_eq!(again, Some(line));
        }
        None => {
            prop_assert!(!problems.is_empty(), "refused without a word: {:?}", text);
            for p in &problems {
                prop_assert_eq!(p.pos, POS);
                prop_assert!(!p.field.is_empty() && !p.message.is_empty(), "{:?}", p);
                // Problems are printed: what a file holds must not reach the
                // terminal as control characters.
                let shown = format!("{}{}", p.field, p.message);
                prop_assert!(!crate::has_controls(&shown), "{:?}", p);
            }
        }
    }
    Ok(())
}

/// One line of a file as bytes: valid or damaged lines, invalid UTF-8,
/// blanks, comments, a byte-order mark, CR LF endings.
fn file_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => line_text().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..40),
        1 => (line_text(), 0xf5u8..=0xff).prop_map(|(s, bad)| {
            let mut b = s.into_bytes();
            let at = b.len() / 2;
            b.insert(at, bad);
            b
        }),
        1 => "[ \t]{0,3}(# .{0,10})?".prop_map(String::into_bytes),
        1 => object_line().prop_map(|s| format!("\u{feff}{s}\r").into_bytes()),
    ]
}

/// What the format says of one line: skipped, or to be read or refused.
fn is_content(line: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(line).ok()?;
    let text = text.trim_end_matches(['\n', '\r']);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Some(!(text.trim().is_empty() || text.trim_start().starts_with('#')))
}

fn padded_town(len: usize) -> String {
    let head = r#"{"type":"town","code":"1","name":"街"#;
    let tail = r#""}"#;
    let fill = len.saturating_sub(head.len() + tail.len());
    format!("{head}{}{tail}", "a".repeat(fill))
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn any_line_is_read_or_refused_with_a_reason(text in line_text()) {
        check_one(&text)?;
    }

    #[test]
    fn an_unknown_field_is_named_as_written(name in any::<String>()) {
        prop_assume!(!["type", "code", "name"].contains(&name.as_str()));
        let text = format!(r#"{{"type":"town","code":"1","name":"x",{}:1}}"#, Value::from(name.as_str()));
        let mut problems = Vec::new();
        prop_assert_eq!(parse_line(&text, POS, &mut problems), None);
        prop_assert_eq!(problems.len(), 1);
        let field = &problems[0].field;
        prop_assert!(*field == name || *field == format!("{name:?}"), "{:?} for {:?}", field, name);
        prop_assert_eq!(problems[0].message.as_str(), "unknown field");
        check_one(&text)?;
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow(depth in 0usize..100_000, object in any::<bool>()) {
        // The code itself is text: only the nesting around it is refused.
        let (open, close) = if object { ("{\"a\":", "}") } else { ("[", "]") };
        let text = format!(
            r#"{{"type":"town","code":{}"1"{},"name":"x"}}"#,
            open.repeat(depth),
            close.repeat(depth)
        );
        check_one(&text)?;
        let mut problems = Vec::new();
        prop_assert_eq!(parse_line(&text, POS, &mut problems).is_some(), depth == 0);
    }

    #[test]
    fn numbers_of_any_size_are_read_only_when_they_fit(
        digits in "-?[0-9]{1,400}(\\.[0-9]{1,5})?([eE][+-]?[0-9]{1,4})?",
    ) {
        let text = format!(
            r#"{{"type":"event","matter":"m1","at":"2026-03-03T10:00:00+08:00","action":"extend","by":"zhangli","days":{digits}}}"#
        );
        check_one(&text)?;
        let mut problems = Vec::new();
        // JSON has no leading zeros; a sign, fraction or exponent is no whole number.
        let fits = digits.parse::<u16>().is_ok() && (digits == "0" || !digits.starts_with('0'));
        prop_assert_eq!(parse_line(&text, POS, &mut problems).is_some(), fits, "{:?}", problems);
    }

    #[test]
    fn every_line_of_a_file_is_read_refused_or_skipped_by_number(
        lines in prop::collection::vec(file_line(), 0..12),
        final_newline in any::<bool>(),
    ) {
        let mut bytes = lines.join(&b'\n');
        if final_newline && !bytes.is_empty() {
            bytes.push(b'\n');
        }
        let mut out = Vec::new();
        let mut problems: Vec<Problem> = Vec::new();
        read_lines(&bytes[..], 3, &mut out, &mut problems).expect("reading memory");
        let mut segments: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        if segments.last().is_some_and(|s| s.is_empty()) {
            segments.pop();
        }
        let mut read: BTreeMap<u32, usize> = BTreeMap::new();
        for (pos, _) in &out {
            prop_assert_eq!(pos.file, 3);
            *read.entry(pos.line).or_default() += 1;
        }
        let mut refused: BTreeMap<u32, usize> = BTreeMap::new();
        for p in &problems {
            prop_assert_eq!(p.pos.file, 3);
            *refused.entry(p.pos.line).or_default() += 1;
        }
        for (i, seg) in segments.iter().enumerate() {
            let n = i as u32 + 1;
            let (r, f) = (read.remove(&n).unwrap_or(0), refused.remove(&n).unwrap_or(0));
            match is_content(seg) {
                None => prop_assert_eq!((r, f), (0, 1), "line {} is not UTF-8", n),
                Some(false) => prop_assert_eq!((r, f), (0, 0), "line {} is skipped", n),
                Some(true) => prop_assert!((r, f.min(1)) == (1, 0) || (r, f.min(1)) == (0, 1),
                    "line {}: read {} times, {} problems", n, r, f),
            }
        }
        prop_assert!(read.is_empty() && refused.is_empty(), "lines past the end: {:?} {:?}", read, refused);
    }
}

proptest! {
    #![proptest_config(crate::config_scaled(16))]

    #[test]
    fn an_over_long_line_is_refused_and_the_next_one_keeps_its_number(
        len in (MAX_LINE_BYTES - 3)..=(MAX_LINE_BYTES + 3),
        crlf in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let long = padded_town(len);
        let text = format!("{long}{end}{}\n", padded_town(10));
        let mut out = Vec::new();
        let mut problems = Vec::new();
        read_lines(text.as_bytes(), 0, &mut out, &mut problems).expect("reading memory");
        let lines: Vec<u32> = out.iter().map(|(p, _)| p.line).collect();
        // The limit counts what stands before the line feed, a CR included.
        if long.len() + end.len() - 1 <= MAX_LINE_BYTES {
            prop_assert_eq!(lines, vec![1, 2]);
            prop_assert!(problems.is_empty());
        } else {
            prop_assert_eq!(lines, vec![2]);
            prop_assert_eq!(problems.len(), 1);
            prop_assert_eq!(problems[0].pos.line, 1);
        }
    }
}
