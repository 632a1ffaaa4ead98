//! Phone numbers: kept as text, normalised, and warned about (never refused)
//! when they are not a mainland mobile.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PhoneError {
    Empty,
    BadChar(char),
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Empty => f.write_str("no digits"),
            PhoneError::BadChar(c) => write!(f, "{c:?} does not belong in a phone number"),
        }
    }
}

impl std::error::Error for PhoneError {}

/// Accepted, but worth a second look at the desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneWarning(pub String);

impl fmt::Display for PhoneWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a mobile number (1[3-9] and 9 digits); kept as typed",
            self.0
        )
    }
}

pub fn is_mobile(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// Strips spaces, dashes, brackets and a +86 / 0086 prefix; full-width digits
/// become ASCII.
pub fn normalize(input: &str) -> Result<(String, Option<PhoneWarning>), PhoneError> {
    let mut digits = String::new();
    for c in input.trim().chars() {
        let c = match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF0B}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() => digits.push('+'),
            ' ' | '-' | '(' | ')' | '\u{3000}' | '（' | '）' | '－' => {}
            other => return Err(PhoneError::BadChar(other)),
        }
    }
    // Every country-code prefix goes, however many were typed, so that the
    // result normalises to itself: a stored phone comes back through here
    // when an export is imported again.
    let mut rest = digits.as_str();
    while let Some(shorter) = rest
        .strip_prefix("+86")
        .or_else(|| rest.strip_prefix("0086"))
        .or_else(|| {
            (rest.len() == 13)
                .then(|| rest.strip_prefix("86"))
                .flatten()
        })
        .or_else(|| rest.strip_prefix('+'))
    {
        rest = shorter;
    }
    let digits = rest.to_string();
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    let warning = (!is_mobile(&digits)).then(|| PhoneWarning(digits.clone()));
    Ok((digits, warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_normalised_without_warning() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "0086 13800138000",
            "8613800138000",
            "１３８００１３８０００",
        ] {
            assert_eq!(
                normalize(input),
                Ok(("13800138000".to_string(), None)),
                "{input}"
            );
        }
    }

    #[test]
    fn other_numbers_are_kept_with_a_warning() {
        for (input, want) in [
            ("0532-86881234", "053286881234"),
            ("(0532)8688 1234", "053286881234"),
            ("12345", "12345"),
            ("12800138000", "12800138000"),
        ] {
            let (p, w) = normalize(input).unwrap();
            assert_eq!(p, want, "{input}");
            assert!(w.is_some(), "{input} should warn");
        }
    }

    #[test]
    fn a_prefix_typed_twice_goes_too_so_normalising_again_changes_nothing() {
        for input in [
            "+86 0086 183 2734 4715",
            "0086 0086 18327344715",
            "+0086 18327344715",
            "+86 8618327344715",
        ] {
            let (p, w) = normalize(input).unwrap();
            assert_eq!((p.as_str(), &w), ("18327344715", &None), "{input}");
            assert_eq!(normalize(&p), Ok((p.clone(), None)), "{input}");
        }
        assert_eq!(normalize("+0086"), Err(PhoneError::Empty));
    }

    #[test]
    fn letters_and_empty_input_are_refused() {
        assert_eq!(normalize(""), Err(PhoneError::Empty));
        assert_eq!(normalize(" - "), Err(PhoneError::Empty));
        assert_eq!(normalize("138abc"), Err(PhoneError::BadChar('a')));
        assert_eq!(normalize("电话"), Err(PhoneError::BadChar('电')));
    }
}
