//! Resident ID numbers (GB 11643) as typed at the desk or brought by a file.

use proptest::prelude::*;
use time::macros::date;
use time::Date;
use xfdesk::domain::idnum::{check_char, normalize, IdError};
use xfdesk::domain::Gender;

const TODAY: Date = date!(2026 - 11 - 24);

fn day_between(from: Date, to: Date) -> impl Strategy<Value = Date> {
    (from.to_julian_day()..=to.to_julian_day())
        .prop_map(|j| Date::from_julian_day(j).expect("in range"))
}

fn yyyymmdd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A valid 18-character number: any region, a birth date up to `TODAY`, any
/// sequence, and its computed check character.
fn valid_id() -> impl Strategy<Value = (String, Date)> {
    (
        "[0-9]{6}",
        day_between(date!(1900 - 01 - 01), TODAY),
        "[0-9]{3}",
    )
        .prop_map(|(region, birth, seq)| {
            let first17 = format!("{region}{}{seq}", yyyymmdd(birth));
            let check = check_char(&first17).expect("17 digits");
            (format!("{first17}{check}"), birth)
        })
}

/// What a valid result must be: 18 ASCII characters with the right check
/// character, a birth date not after `today`, and stable when normalised again.
fn assert_sound(input: &str, today: Date) -> Result<(), TestCaseError> {
    if let Ok(id) = normalize(input, today) {
        prop_assert_eq!(id.number.len(), 18);
        prop_assert!(id.number.is_ascii());
        let check = check_char(&id.number[..17]);
        prop_assert_eq!(check, id.number.chars().last());
        prop_assert!(id.birth <= today);
        prop_assert_eq!(normalize(&id.number, today), Ok(id));
    }
    Ok(())
}

/// Digits as the desk may receive them: ASCII, full-width, or mixed.
fn spelled(number: &str, how: &[u8]) -> String {
    number
        .chars()
        .zip(how.iter().cycle())
        .map(|(c, h)| match (c, h % 3) {
            ('0'..='9', 1) => char::from_u32(c as u32 + 0xFEE0).expect("full-width digit"),
            ('X', 1) => 'x',
            ('X', 2) => 'ｘ',
            _ => c,
        })
        .collect()
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>(), today in day_between(date!(1800 - 01 - 01), date!(2200 - 12 - 31))) {
        assert_sound(&s, today)?;
    }

    #[test]
    fn id_shaped_text_never_panics(s in "[0-9０-９xXｘ 一-龥a-z]{13,20}") {
        assert_sound(&s, TODAY)?;
    }

    #[test]
    fn check_char_needs_exactly_seventeen_ascii_digits(s in any::<String>(), digits in "[0-9]{17}") {
        let shaped = s.len() == 17 && s.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(check_char(&s).is_some(), shaped);
        let c = check_char(&digits).expect("17 digits");
        prop_assert!("0123456789X".contains(c));
    }

    #[test]
    fn a_valid_number_normalises_to_itself((number, birth) in valid_id()) {
        let id = normalize(&number, TODAY).expect("valid");
        prop_assert_eq!(&id.number, &number);
        prop_assert_eq!(id.birth, birth);
        let odd = (number.as_bytes()[16] - b'0') % 2 == 1;
        prop_assert_eq!(id.gender, if odd { Gender::Male } else { Gender::Female });
    }

    #[test]
    fn lower_case_x_and_full_width_digits_normalise_the_same(
        (number, _) in valid_id(),
        how in prop::collection::vec(any::<u8>(), 18),
        pad in "[ ]{0,2}",
    ) {
        let typed = format!("{pad}{}{pad}", spelled(&number, &how));
        prop_assert_eq!(normalize(&typed, TODAY).map(|id| id.number), Ok(number));
    }

    #[test]
    fn an_old_fifteen_digit_number_gains_nineteen_and_its_check_character(
        region in "[0-9]{6}",
        birth in day_between(date!(1900 - 01 - 01), date!(1999 - 12 - 31)),
        seq in "[0-9]{3}",
    ) {
        let old = format!("{region}{}{seq}", &yyyymmdd(birth)[2..]);
        let id = normalize(&old, TODAY).expect("a valid old number");
        let first17 = format!("{region}19{}{seq}", &yyyymmdd(birth)[2..]);
        prop_assert_eq!(&id.number[..17], first17.as_str());
        prop_assert_eq!(check_char(&id.number[..17]), id.number.chars().last());
        prop_assert_eq!(id.birth, birth);
    }

    #[test]
    fn a_single_mistyped_character_is_refused(
        (number, _) in valid_id(),
        at in 0usize..18,
        by in any::<u8>(),
    ) {
        // GB 11643's weights are all non-zero modulo 11, so one wrong digit
        // always changes the check; a wrong check character is wrong itself.
        const CHARS: &[u8; 11] = b"0123456789X";
        let mut bytes = number.into_bytes();
        let typo = if at < 17 {
            b'0' + (bytes[at] - b'0' + 1 + by % 9) % 10
        } else {
            let i = CHARS.iter().position(|c| *c == bytes[17]).expect("check char");
            CHARS[(i + 1 + usize::from(by % 10)) % 11]
        };
        bytes[at] = typo;
        let typed = String::from_utf8(bytes).expect("ASCII");
        prop_assert!(normalize(&typed, TODAY).is_err(), "{} accepted", typed);
    }

    #[test]
    fn two_swapped_neighbouring_digits_are_refused((number, _) in valid_id(), at in 0usize..16) {
        let mut bytes = number.into_bytes();
        // The first pair from `at` on that differs (swapping equal digits
        // changes nothing).
        let Some(at) = (at..16).chain(0..at).find(|i| bytes[*i] != bytes[i + 1]) else {
            return Ok(());
        };
        bytes.swap(at, at + 1);
        let typed = String::from_utf8(bytes).expect("ASCII");
        prop_assert!(normalize(&typed, TODAY).is_err(), "{} accepted", typed);
    }

    #[test]
    fn a_birth_date_after_today_is_refused(
        region in "[0-9]{6}",
        birth in day_between(date!(2026 - 11 - 25), date!(2999 - 12 - 31)),
        seq in "[0-9]{3}",
    ) {
        let first17 = format!("{region}{}{seq}", yyyymmdd(birth));
        let number = format!("{first17}{}", check_char(&first17).expect("17 digits"));
        prop_assert_eq!(normalize(&number, TODAY), Err(IdError::FutureBirth(birth)));
    }
}
