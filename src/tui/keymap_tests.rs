use super::*;
use ratatui::crossterm::event::{KeyEventKind, KeyEventState};

fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: m,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

#[test]
fn key_strings_parse_and_print_back() {
    for s in [
        "F1",
        "F12",
        "Ctrl-q",
        "Alt-4",
        "Shift-Tab",
        "Enter",
        "Esc",
        "PageDown",
        "?",
        "G",
        "j",
        "Ctrl-Alt-x",
    ] {
        let k = Key::parse(s).unwrap_or_else(|| panic!("{s} parses"));
        assert_eq!(Key::parse(&k.to_string()), Some(k), "{s}");
    }
    assert_eq!(Key::parse("ctrl-Q"), Key::parse("Ctrl-q"));
    for bad in ["", "F13", "F0", "Ctrl-", "Hyper-x", "Enterr", "ab"] {
        assert_eq!(Key::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn terminal_events_map_to_the_keys_files_name() {
    let cases = [
        (ev(KeyCode::F(3), KeyModifiers::NONE), "F3"),
        (ev(KeyCode::Char('q'), KeyModifiers::CONTROL), "Ctrl-q"),
        (
            ev(
                KeyCode::Char('Q'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT,
            ),
            "Ctrl-q",
        ),
        (ev(KeyCode::BackTab, KeyModifiers::SHIFT), "Shift-Tab"),
        (ev(KeyCode::Char('?'), KeyModifiers::SHIFT), "?"),
        (ev(KeyCode::Char('G'), KeyModifiers::SHIFT), "G"),
        (ev(KeyCode::Char('张'), KeyModifiers::NONE), "张"),
    ];
    for (event, want) in cases {
        assert_eq!(Key::from_event(event), Key::parse(want), "{want}");
    }
}

#[test]
fn resolution_prefers_the_screen_section_then_global() {
    let map = Keymap::load(Some("vim")).unwrap();
    let k = |s| Key::parse(s).unwrap();
    let cases = [
        ("home", "F1", Some(Action::Help)),
        ("home", "?", Some(Action::Help)),
        ("lookup", "?", None),
        ("card", "j", Some(Action::Down)),
        ("lookup", "j", None),
        ("lookup", "Ctrl-n", Some(Action::Down)),
        ("home", "q", Some(Action::Quit)),
        ("lookup", "F10", Some(Action::Quit)),
        ("lookup", "Ctrl-q", Some(Action::Quit)),
        ("matter", "Esc", Some(Action::Back)),
    ];
    for (screen, key, want) in cases {
        assert_eq!(map.resolve(screen, k(key)), want, "{screen} {key}");
    }
}

#[test]
fn every_function_key_has_a_ctrl_or_alt_alternative() {
    let map = Keymap::default_map();
    for (key, action) in &map.sections["global"] {
        if let KeyCodeOrd::F(_) = key.code {
            let alternatives = map.keys_for("lookup", *action);
            assert!(
                alternatives.iter().any(|k| k.ctrl || k.alt),
                "{action:?} has no Ctrl/Alt key besides {key}"
            );
        }
    }
}

#[test]
fn shipped_keymaps_parse_and_bind_no_key_twice() {
    for (text, file) in [
        (DEFAULT_TOML, "keymaps/default.toml"),
        (VIM_TOML, "keymaps/vim.toml"),
    ] {
        Keymap::parse(text, file).unwrap_or_else(|e| panic!("{e:?}"));
        // TOML itself refuses a repeated key within a table: make sure that is
        // reported as an error of ours with the line.
    }
    let dup = "[global]\n\"F1\" = \"help\"\n\"F1\" = \"quit\"\n";
    let err = Keymap::parse(dup, "dup.toml").unwrap_err();
    assert_eq!(err[0].file, "dup.toml");
    assert_eq!(err[0].line, 3, "{err:?}");
    let same_key = "[global]\n\"Ctrl-q\" = \"help\"\n\"ctrl-Q\" = \"quit\"\n";
    let err = Keymap::parse(same_key, "case.toml").unwrap_err();
    assert!(err[0].message.contains("bound twice"), "{err:?}");
}

#[test]
fn a_bad_file_names_file_line_and_key() {
    let text = "# mine\n[global]\n\"F1\" = \"help\"\n\"Ctrl-Foo\" = \"quit\"\n\"F2\" = \"frobnicate\"\n[nowhere]\n\"x\" = \"help\"\n";
    let errs = Keymap::parse(text, "my.toml").unwrap_err();
    let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert!(
        shown
            .iter()
            .any(|e| e.starts_with("my.toml:4: key \"Ctrl-Foo\" is not a key")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|e| e.starts_with("my.toml:5: key \"F2\": unknown action \"frobnicate\"")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|e| e.starts_with("my.toml:6: unknown section [nowhere]")),
        "{shown:?}"
    );
    let syntax = Keymap::parse("[global]\n\"F1\" = help\n", "syntax.toml").unwrap_err();
    assert_eq!(syntax[0].line, 2, "{syntax:?}");
}

#[test]
fn an_unknown_section_is_reported_at_its_header_however_spelled_and_escaped() {
    // Found by the property tests: `[ nowhere ]` and `["nowhere"]` were
    // reported at line 1, and a section named with an escape sequence went
    // to the terminal raw.
    let text = "# mine\n[global]\n\"F1\" = \"help\"\n[ nowhere ]\n[\"else\"]\n[\"\\u001b[2J\"]\n";
    let errs = Keymap::parse(text, "my.toml").unwrap_err();
    let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    for want in [
        "my.toml:4: unknown section [nowhere]",
        "my.toml:5: unknown section [else]",
        "my.toml:6: unknown section [\"\\u{1b}[2J\"]",
    ] {
        assert!(
            shown.iter().any(|e| e.starts_with(want)),
            "{want}: {shown:?}"
        );
    }
}

#[test]
fn user_files_merge_over_the_default_key_by_key() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, "[global]\n\"F1\" = \"quit\"\n").unwrap();
    let map = Keymap::load(Some(path.to_str().unwrap())).unwrap();
    assert_eq!(
        map.resolve("home", Key::parse("F1").unwrap()),
        Some(Action::Quit)
    );
    assert_eq!(
        map.resolve("home", Key::parse("F3").unwrap()),
        Some(Action::Lookup),
        "the rest stays"
    );
    let missing = Keymap::load(Some("/nonexistent/keys.toml")).unwrap_err();
    assert!(missing[0]
        .to_string()
        .starts_with("/nonexistent/keys.toml:0:"));
}
