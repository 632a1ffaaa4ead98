//! Keymap files: whatever a user writes is parsed or refused as `FILE:LINE`,
//! and a keymap written from bindings reads back as those bindings.

use crate::toml_string;
use proptest::prelude::*;
use std::collections::BTreeMap;
use xfdesk::tui::action::Action;
use xfdesk::tui::keymap::{Key, KeyCodeOrd, Keymap, KeymapError, SECTIONS};

const FILE: &str = "keymaps/mine.toml";

const NAMED: &[KeyCodeOrd] = &[
    KeyCodeOrd::Enter,
    KeyCodeOrd::Esc,
    KeyCodeOrd::Tab,
    KeyCodeOrd::Backspace,
    KeyCodeOrd::Delete,
    KeyCodeOrd::Up,
    KeyCodeOrd::Down,
    KeyCodeOrd::Left,
    KeyCodeOrd::Right,
    KeyCodeOrd::PageUp,
    KeyCodeOrd::PageDown,
    KeyCodeOrd::Home,
    KeyCodeOrd::End,
];

/// A key as a keymap can name it (Ctrl and Alt letters in lower case).
fn key() -> impl Strategy<Value = Key> {
    let code = prop_oneof![
        3 => any::<char>().prop_map(KeyCodeOrd::Char),
        2 => "[a-z0-9?/:;G-]".prop_map(|s| KeyCodeOrd::Char(s.chars().next().expect("one"))),
        2 => (1u8..=12).prop_map(KeyCodeOrd::F),
        2 => prop::sample::select(NAMED),
    ];
    (code, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(code, ctrl, alt, shift)| {
        let code = match code {
            KeyCodeOrd::Char(c) if ctrl || alt => KeyCodeOrd::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key {
            code,
            ctrl,
            alt,
            shift,
        }
    })
}

/// Bindings of some sections (at least `min`), each possibly empty.
fn bindings_of(min: usize) -> impl Strategy<Value = BTreeMap<String, BTreeMap<Key, Action>>> {
    prop::collection::btree_map(
        prop::sample::select(SECTIONS),
        prop::collection::btree_map(key(), prop::sample::select(Action::ALL), 0..8),
        min..5,
    )
    .prop_map(|m| m.into_iter().map(|(s, b)| (s.to_string(), b)).collect())
}

fn bindings() -> impl Strategy<Value = BTreeMap<String, BTreeMap<Key, Action>>> {
    bindings_of(0)
}

/// The file for `sections`, one binding a line.
fn render(sections: &BTreeMap<String, BTreeMap<Key, Action>>) -> Vec<String> {
    let mut lines = vec!["# generated".to_string()];
    for (section, bindings) in sections {
        lines.push(format!("[{section}]"));
        for (key, action) in bindings {
            lines.push(format!(
                "{} = {}",
                toml_string(&key.to_string()),
                toml_string(action.name())
            ));
        }
        lines.push(String::new());
    }
    lines
}

/// Every error names the file and a line of it.
fn located(text: &str, errors: &[KeymapError]) -> Result<(), TestCaseError> {
    prop_assert!(!errors.is_empty());
    let last_line = text.matches('\n').count() + 1;
    for e in errors {
        prop_assert_eq!(&e.file, FILE);
        prop_assert!(
            (1..=last_line).contains(&e.line),
            "{} of {} lines",
            e.line,
            last_line
        );
        prop_assert!(!e.message.is_empty());
        prop_assert!(!crate::has_controls(&e.message), "{:?}", e.message);
        let shown = e.to_string();
        let prefix = format!("{FILE}:{}: ", e.line);
        prop_assert!(shown.starts_with(&prefix), "{}", shown);
    }
    Ok(())
}

/// Text that looks like a keymap: headers, bindings and junk.
fn keymap_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        2 => prop::sample::select(SECTIONS).prop_map(|s| format!("[{s}]")),
        1 => "\\[[a-z.\" ]{0,8}\\]?",
        1 => "[a-z\u{1b}\u{202e}\u{85}]{1,4}".prop_map(|s| format!("[{}]", toml_string(&s))),
        4 => (key(), prop::sample::select(Action::ALL))
            .prop_map(|(k, a)| format!("{} = {}", toml_string(&k.to_string()), toml_string(a.name()))),
        2 => ("[\"a-zA-Z0-9 -]{0,10}", "[=]?", "[\"a-z_0-9 \\[\\]{}]{0,10}")
            .prop_map(|(k, eq, v)| format!("{k}{eq}{v}")),
        1 => ".{0,12}",
        1 => Just(String::new()),
    ];
    prop::collection::vec(line, 0..12).prop_map(|ls| ls.join("\n"))
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn arbitrary_text_is_parsed_or_refused_with_file_and_line(text in any::<String>()) {
        if let Err(errors) = Keymap::parse(&text, FILE) {
            located(&text, &errors)?;
        }
    }

    #[test]
    fn keymap_like_text_is_parsed_or_refused_with_file_and_line(text in keymap_like()) {
        if let Err(errors) = Keymap::parse(&text, FILE) {
            located(&text, &errors)?;
        }
    }

    #[test]
    fn a_key_reads_back_from_its_name(k in key()) {
        prop_assert_eq!(Key::parse(&k.to_string()), Some(k));
    }

    #[test]
    fn a_written_keymap_reads_back_as_its_bindings(sections in bindings()) {
        let text = render(&sections).join("\n");
        let map = Keymap::parse(&text, FILE).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(map.sections, sections);
    }

    #[test]
    fn a_bad_binding_is_reported_at_its_own_line(
        sections in bindings_of(1),
        at in any::<prop::sample::Index>(),
        bad in prop_oneof![
            prop::sample::select(vec!["F13", "F0", "Ctrl-", "Hyper-x", "Ctrl-Enterx", "", "ab"])
                .prop_map(|k| format!("{} = \"quit\"", toml_string(k))),
            Just("\"Ctrl-Alt-Shift-F12\" = \"no_such_action\"".to_string()),
        ],
    ) {
        // The key of the unknown action is bound nowhere else.
        let mut sections = sections;
        let taken = Key::parse("Ctrl-Alt-Shift-F12").expect("a key");
        for bindings in sections.values_mut() {
            bindings.remove(&taken);
        }
        let mut lines = render(&sections);
        let headers: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with('['))
            .map(|(i, _)| i)
            .collect();
        let header = headers[at.index(headers.len())];
        lines.insert(header + 1, bad);
        let text = lines.join("\n");
        let errors = Keymap::parse(&text, FILE).expect_err("a bad binding");
        located(&text, &errors)?;
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(errors[0].line, header + 2);
    }

    #[test]
    fn an_unknown_section_is_reported_at_its_header(
        sections in bindings(),
        name in "[a-z]{3,10}",
        spelled in prop::sample::select(vec!["[{}]", "[ {} ]", "[\"{}\"]", "['{}']"]),
    ) {
        prop_assume!(!SECTIONS.contains(&name.as_str()));
        let mut lines = render(&sections);
        lines.push(spelled.replace("{}", &name));
        lines.push("\"q\" = \"quit\"".to_string());
        let text = lines.join("\n");
        let errors = Keymap::parse(&text, FILE).expect_err("an unknown section");
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(errors[0].line, lines.len() - 1);
    }
}
