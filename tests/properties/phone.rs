//! Phone numbers: kept as text, normalised, never refused for their shape.

use proptest::prelude::*;
use xfdesk::domain::phone::{is_mobile, normalize};

/// What a normalised phone must be: ASCII digits, not empty, and the same
/// when normalised again (a stored phone is normalised again on every import
/// of an export).
fn assert_sound(input: &str) -> Result<(), TestCaseError> {
    if let Ok((p, warning)) = normalize(input) {
        prop_assert!(!p.is_empty());
        prop_assert!(p.bytes().all(|b| b.is_ascii_digit()), "{:?}", p);
        prop_assert_eq!(warning.is_none(), is_mobile(&p));
        prop_assert_eq!(normalize(&p), Ok((p.clone(), warning)), "from {:?}", input);
    }
    Ok(())
}

/// Text made of what phones are written with: digits (ASCII and full-width),
/// country-code prefixes, separators, and now and then something else.
fn phone_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[0-9]{1,4}",
        2 => Just("+86".to_string()),
        2 => Just("0086".to_string()),
        2 => Just("86".to_string()),
        1 => Just("+".to_string()),
        1 => Just("＋".to_string()),
        1 => "[０-９]{1,3}",
        2 => "[ \\-()（）－\u{3000}]",
        1 => "[a-z电话#*,]",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|ps| ps.concat())
}

/// Inserts separators into `digits` wherever `at` says.
fn with_separators(digits: &str, at: &[(u8, u8)]) -> String {
    const SEPS: [&str; 6] = [" ", "-", "－", "\u{3000}", "(", ")"];
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        for (pos, sep) in at {
            if usize::from(*pos) == i {
                out.push_str(SEPS[usize::from(*sep) % SEPS.len()]);
            }
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn arbitrary_text_never_panics_and_normalising_twice_changes_nothing(s in any::<String>()) {
        assert_sound(&s)?;
    }

    #[test]
    fn phone_like_text_normalises_once_and_for_all(s in phone_like()) {
        assert_sound(&s)?;
    }

    #[test]
    fn a_mobile_in_any_usual_spelling_is_found_without_warning(
        mobile in "1[3-9][0-9]{9}",
        prefix in prop::sample::select(vec!["", "+86", "+86 ", "0086", "0086-", "86", "＋86"]),
        seps in prop::collection::vec((0u8..11, any::<u8>()), 0..4),
        full_width in any::<bool>(),
    ) {
        let mut typed = format!("{prefix}{}", with_separators(&mobile, &seps));
        if full_width {
            typed = typed
                .chars()
                .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).expect("digit") } else { c })
                .collect();
        }
        prop_assert_eq!(normalize(&typed), Ok((mobile, None)), "typed {:?}", typed);
    }
}
