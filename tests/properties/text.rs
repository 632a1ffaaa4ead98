//! Cleaning untrusted text: nothing that drives a terminal or disguises a name
//! gets through, and cleaned text is left alone when it comes back (an export
//! imported again).

use proptest::prelude::*;
use xfdesk::domain::text::{clean_line, clean_multiline};

fn forbidden(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
}

/// Text rich in what cleaning is about: controls, bidi marks, spaces, breaks.
fn messy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-z张三王五]{1,3}",
        2 => "[ \t\r\n]{1,3}",
        1 => "[\u{0}-\u{1f}\u{7f}-\u{9f}]",
        1 => "[\u{202a}-\u{202e}\u{2066}-\u{2069}\u{200e}\u{200f}\u{61c}\u{feff}]",
        1 => "[\u{3000}\u{a0}]",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|ps| ps.concat())
}

fn check(s: &str) -> Result<(), TestCaseError> {
    let line = clean_line(s);
    prop_assert!(!line.chars().any(forbidden), "{:?}", line);
    prop_assert!(!line.contains("  ") && line.trim_matches(' ') == line);
    prop_assert_eq!(clean_line(&line), line.clone());
    let multi = clean_multiline(s);
    prop_assert!(
        !multi.chars().any(|c| c != '\n' && forbidden(c)),
        "{:?}",
        multi
    );
    prop_assert_eq!(clean_multiline(&multi), multi.clone());
    Ok(())
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn cleaned_text_has_no_controls_and_cleaning_again_changes_nothing(s in any::<String>()) {
        check(&s)?;
    }

    #[test]
    fn messy_text_too(s in messy()) {
        check(&s)?;
    }
}
