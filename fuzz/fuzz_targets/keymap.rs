//! Keymap files: parsed, or refused with every problem at a line of the file
//! and no control character in its message; nothing panics, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xfdesk::tui::keymap::Keymap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = Keymap::parse(text, "fuzz.toml") {
        let lines = text.matches('\n').count() + 1;
        assert!(!errors.is_empty());
        for e in errors {
            assert_eq!(e.file, "fuzz.toml");
            assert!((1..=lines).contains(&e.line), "{e}");
            assert!(
                !e.message.chars().any(|c| c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)),
                "{e:?}"
            );
        }
    }
});
