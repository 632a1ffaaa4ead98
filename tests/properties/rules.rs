//! Scorecard rules files (docs/rules.md#scorecards): whatever a file holds is parsed or refused
//! as `FILE:LINE`, and rules written out read back as the same rules.

use crate::toml_string;
use proptest::prelude::*;
use xfdesk::domain::rules::{Criterion, Rules};
use xfdesk::domain::{Channel, Level};

const FILE: &str = "rules/mine.toml";

/// Text that stays non-empty when trimmed, as names, labels and ids must.
fn words() -> impl Strategy<Value = String> {
    "[^\\s]{1,4}( [^\\s]{1,4}){0,2}"
}

fn criterion() -> impl Strategy<Value = Criterion> {
    (
        (words(), words(), any::<u32>()),
        (
            prop::option::of(prop::collection::vec(
                prop::sample::select(Channel::ALL),
                1..4,
            )),
            prop::option::of(prop::collection::vec(
                prop::sample::select(Level::ALL),
                1..4,
            )),
        ),
        (
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |((id, label, points), (channels, levels), (collective, abnormal, skip_level))| {
                Criterion {
                    id,
                    label,
                    channels,
                    levels,
                    collective,
                    abnormal,
                    skip_level,
                    points,
                }
            },
        )
}

fn rules() -> impl Strategy<Value = Rules> {
    (
        words(),
        prop::option::of(1u32..),
        prop::collection::vec(criterion(), 1..5),
    )
        .prop_map(|(name, collective_min_headcount, mut criteria)| {
            // Ids are unique in a valid file.
            let mut seen = std::collections::BTreeSet::new();
            criteria.retain(|c| seen.insert(c.id.clone()));
            Rules {
                name,
                collective_min_headcount,
                criteria,
            }
        })
}

/// A whole number as TOML may spell it.
fn number(n: u32, how: u8) -> String {
    match how % 6 {
        0 => format!("0x{n:x}"),
        1 => format!("0o{n:o}"),
        2 => format!("0b{n:b}"),
        3 => format!("+{n}"),
        4 => {
            // Thousands separated by underscores, as TOML allows: 1_000_000.
            let digits = n.to_string();
            let mut out = String::new();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push('_');
                }
                out.push(d);
            }
            out
        }
        _ => n.to_string(),
    }
}

fn codes<T: std::fmt::Display>(items: &[T]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| toml_string(&i.to_string())).collect();
    format!("[{}]", quoted.join(", "))
}

/// The file for `r`; `how` picks spellings (padding, number forms, the
/// default headcount left out).
fn render(r: &Rules, how: &[u8]) -> String {
    let mut how = how.iter().copied().cycle();
    let mut pad = |s: &str| match how.next().unwrap_or(0) % 4 {
        0 => format!(" {s} "),
        _ => s.to_string(),
    };
    let mut out = format!("name = {}\n", toml_string(&pad(&r.name)));
    if let Some(min) = r.collective_min_headcount {
        let n = number(min, r.criteria.len() as u8);
        out.push_str(&format!("collective_min_headcount = {n}\n"));
    }
    for (i, c) in r.criteria.iter().enumerate() {
        out.push_str("\n[[criterion]]\n");
        out.push_str(&format!("id = {}\n", toml_string(&pad(&c.id))));
        out.push_str(&format!("label = {}\n", toml_string(&pad(&c.label))));
        if let Some(cs) = &c.channels {
            out.push_str(&format!("channels = {}\n", codes(cs)));
        }
        if let Some(ls) = &c.levels {
            out.push_str(&format!("levels = {}\n", codes(ls)));
        }
        for (key, v) in [
            ("collective", c.collective),
            ("abnormal", c.abnormal),
            ("skip_level", c.skip_level),
        ] {
            if let Some(v) = v {
                out.push_str(&format!("{key} = {v}\n"));
            }
        }
        out.push_str(&format!("points = {}\n", number(c.points, i as u8)));
    }
    out
}

/// Every problem names the file and a line of it.
fn located(text: &str, problems: &[String]) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty());
    let last_line = text.matches('\n').count() + 1;
    for p in problems {
        let rest = p
            .strip_prefix(&format!("{FILE}:"))
            .ok_or_else(|| TestCaseError::fail(format!("{p:?} does not name the file")))?;
        let (line, message) = rest.split_once(": ").unwrap_or(("", ""));
        let line: usize = line
            .parse()
            .map_err(|_| TestCaseError::fail(format!("{p:?} names no line")))?;
        prop_assert!(
            (1..=last_line).contains(&line),
            "{} of {} lines",
            line,
            last_line
        );
        prop_assert!(!message.is_empty(), "{:?}", p);
        prop_assert!(!crate::has_controls(message), "{:?}", p);
    }
    Ok(())
}

/// Text that looks like a rules file: known keys with good and bad values.
fn rules_like() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "name",
        "collective_min_headcount",
        "id",
        "label",
        "channels",
        "levels",
        "collective",
        "abnormal",
        "skip_level",
        "points",
        "other",
    ]);
    let value = prop::sample::select(vec![
        "\"三无\"",
        "\"\"",
        "\"  \"",
        "5",
        "0",
        "-1",
        "4294967296",
        "0x10",
        "1_000",
        "true",
        "[\"visit\"]",
        "[\"city\", \"nowhere\"]",
        "[]",
        "[1]",
        "{ a = 1 }",
        "1.5",
    ]);
    let line = prop_oneof![
        4 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => Just("[[criterion]]".to_string()),
        1 => Just("[criterion]".to_string()),
        1 => ".{0,12}",
        1 => "[a-z\u{1b}\u{202e}\u{85}]{1,4}".prop_map(|k| format!("{} = 1", toml_string(&k))),
        1 => Just(String::new()),
    ];
    prop::collection::vec(line, 0..16).prop_map(|ls| ls.join("\n"))
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn arbitrary_text_is_parsed_or_refused_with_file_and_line(text in any::<String>()) {
        if let Err(problems) = Rules::parse(&text, FILE) {
            located(&text, &problems)?;
        }
    }

    #[test]
    fn rules_like_text_is_parsed_or_refused_with_file_and_line(text in rules_like()) {
        if let Err(problems) = Rules::parse(&text, FILE) {
            located(&text, &problems)?;
        }
    }

    #[test]
    fn written_rules_read_back_as_the_same_rules(r in rules(), how in prop::collection::vec(any::<u8>(), 1..8)) {
        let text = render(&r, &how);
        let parsed = Rules::parse(&text, FILE).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(parsed, r);
    }
}
