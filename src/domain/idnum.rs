//! Resident ID numbers (居民身份证号码, GB 11643).

use super::model::Gender;
use std::fmt;
use time::{Date, Month};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The check character for the first 17 digits of an ID number, or `None` if
/// `first17` is not exactly 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(char::from(CHECK_CHARS[(sum % 11) as usize]))
}

/// A valid, normalised resident ID number and what it tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdNumber {
    /// 18 characters, an upper-case `X` as check character where it applies.
    pub number: String,
    pub birth: Date,
    pub gender: Gender,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IdError {
    Length(usize),
    BadChar { at: usize, found: char },
    CheckChar { found: char, expected: char },
    ImpossibleBirth(String),
    FutureBirth(Date),
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Length(n) => write!(
                f,
                "an ID number has 18 characters (or 15 for an old one), not {n}"
            ),
            IdError::BadChar { at, found } => write!(f, "character {at} is {found:?}, not a digit"),
            IdError::CheckChar { found, expected } => {
                write!(f, "check character is {found}, expected {expected}")
            }
            IdError::ImpossibleBirth(d) => write!(f, "birth date {d} does not exist"),
            IdError::FutureBirth(d) => write!(f, "birth date {d} is in the future"),
        }
    }
}

impl std::error::Error for IdError {}

/// Full-width digits and letters become ASCII; `x` becomes `X`.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    };
    c.to_ascii_uppercase()
}

/// Whether `s` has the shape of an ID number (15 or 18 characters of digits,
/// the last of 18 possibly X), whether or not it is valid.
pub fn looks_like_id(s: &str) -> bool {
    let chars: Vec<char> = s.trim().chars().map(fold).collect();
    match chars.len() {
        15 => chars.iter().all(char::is_ascii_digit),
        18 => {
            chars[..17].iter().all(char::is_ascii_digit)
                && (chars[17].is_ascii_digit() || chars[17] == 'X')
        }
        _ => false,
    }
}

/// Checks and normalises an ID number as typed at the desk: full-width digits
/// and a lower-case x are accepted, an old 15-digit number is upgraded, the
/// birth date must exist and not lie after `today`. Region codes are never
/// checked: division codes change every year.
pub fn normalize(input: &str, today: Date) -> Result<IdNumber, IdError> {
    let chars: Vec<char> = input.trim().chars().map(fold).collect();
    let number: String = match chars.len() {
        15 => {
            if let Some((at, found)) = chars.iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
                return Err(IdError::BadChar {
                    at: at + 1,
                    found: *found,
                });
            }
            let s: String = chars.iter().collect();
            let first17 = format!("{}19{}", &s[..6], &s[6..]);
            let check = check_char(&first17).expect("17 ASCII digits");
            format!("{first17}{check}")
        }
        18 => {
            if let Some((at, found)) = chars[..17]
                .iter()
                .enumerate()
                .find(|(_, c)| !c.is_ascii_digit())
            {
                return Err(IdError::BadChar {
                    at: at + 1,
                    found: *found,
                });
            }
            let s: String = chars.iter().collect();
            let expected = check_char(&s[..17]).expect("17 ASCII digits");
            if chars[17] != expected {
                if !chars[17].is_ascii_digit() && chars[17] != 'X' {
                    return Err(IdError::BadChar {
                        at: 18,
                        found: chars[17],
                    });
                }
                return Err(IdError::CheckChar {
                    found: chars[17],
                    expected,
                });
            }
            s
        }
        n => return Err(IdError::Length(n)),
    };
    // All ASCII from here on, so byte slicing is safe.
    let (y, m, d) = (&number[6..10], &number[10..12], &number[12..14]);
    let shown = format!("{y}-{m}-{d}");
    let month = m.parse::<u8>().ok().and_then(|m| Month::try_from(m).ok());
    let birth = match (y.parse::<i32>(), month, d.parse::<u8>()) {
        (Ok(y), Some(m), Ok(d)) if y >= 1900 => {
            Date::from_calendar_date(y, m, d).map_err(|_| IdError::ImpossibleBirth(shown))?
        }
        _ => return Err(IdError::ImpossibleBirth(shown)),
    };
    if birth > today {
        return Err(IdError::FutureBirth(birth));
    }
    let gender = if (number.as_bytes()[16] - b'0') % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    Ok(IdNumber {
        number,
        birth,
        gender,
    })
}

#[cfg(test)]
#[path = "idnum_tests.rs"]
mod tests;
