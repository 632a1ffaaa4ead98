//! The one place records become bytes: a format-version byte, then postcard.
//! postcard is compact (varints) and has a documented stable wire format, but it
//! is not self-describing, so the version byte tells a record of an older
//! layout, which is read through its old shape (`legacy`).
//!
//! Format 2: a matter has its kind (依法分类处理). Every other record reads
//! the same in formats 1 and 2.

use serde::{de::DeserializeOwned, Serialize};
use std::any::Any;

/// The record format written by this release.
pub const FORMAT_VERSION: u8 = 2;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodecError {
    #[error("empty record")]
    Empty,
    #[error("record format version {0} is unknown (this release reads version {FORMAT_VERSION})")]
    UnknownVersion(u8),
    #[error("record does not decode: {0}")]
    Malformed(String),
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_VERSION];
    // Serialising plain records into a Vec cannot fail: no maps with non-string
    // keys, no unsized sequences.
    postcard::to_io(value, &mut out).expect("records always encode");
    out
}

pub fn decode<T: DeserializeOwned + 'static>(bytes: &[u8]) -> Result<T, CodecError> {
    match bytes.split_first() {
        None => Err(CodecError::Empty),
        Some((&FORMAT_VERSION, rest)) => whole(rest),
        Some((&1, rest)) => match super::legacy::from_format_1::<T>(rest) {
            Some(upgraded) => upgraded,
            None => whole(rest),
        },
        Some((&v, _)) => Err(CodecError::UnknownVersion(v)),
    }
}

/// One value that takes every byte.
pub(super) fn whole<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (value, left) =
        postcard::take_from_bytes(bytes).map_err(|e| CodecError::Malformed(e.to_string()))?;
    if left.is_empty() {
        Ok(value)
    } else {
        Err(CodecError::Malformed(format!(
            "{} trailing bytes",
            left.len()
        )))
    }
}

/// `value` as the `T` it is known to be (see `legacy`).
pub(super) fn as_requested<T: 'static, V: 'static>(value: V) -> T {
    *(Box::new(value) as Box<dyn Any>)
        .downcast::<T>()
        .unwrap_or_else(|_| unreachable!("the caller checked the type"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Petitioner, Role, Staff};

    #[test]
    fn records_round_trip_with_the_version_byte_first() {
        let p = Petitioner {
            id: 7,
            name: "于营".into(),
            id_number: Some("11010519491231002X".into()),
            phones: vec!["13800138000".into()],
            ..Default::default()
        };
        let bytes = encode(&p);
        assert_eq!(bytes[0], FORMAT_VERSION);
        assert_eq!(decode::<Petitioner>(&bytes).unwrap(), p);
    }

    #[test]
    fn unknown_versions_and_damage_are_reported_not_misread() {
        let s = Staff {
            login: "zhangli".into(),
            name: "张丽".into(),
            role: Role::Admin,
            unit: None,
            disabled: false,
        };
        let mut bytes = encode(&s);
        assert_eq!(decode::<Staff>(&[]), Err(CodecError::Empty));
        let mut newer = bytes.clone();
        newer[0] = FORMAT_VERSION + 1;
        assert_eq!(
            decode::<Staff>(&newer),
            Err(CodecError::UnknownVersion(FORMAT_VERSION + 1))
        );
        bytes.truncate(bytes.len() - 2);
        assert!(matches!(
            decode::<Staff>(&bytes),
            Err(CodecError::Malformed(_))
        ));
        let mut longer = encode(&s);
        longer.push(0);
        assert!(matches!(
            decode::<Staff>(&longer),
            Err(CodecError::Malformed(_))
        ));
    }
}
