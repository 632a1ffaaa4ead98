//! The one place records become bytes: a format-version byte, then postcard.
//! postcard is compact (varints) and has a documented stable wire format, but it
//! is not self-describing, so the version byte lets a later release migrate.

use serde::{de::DeserializeOwned, Serialize};

/// The record format written by this release. Format 2 added the delivery
/// of a matter's events and a matter's kind (依法分类处理); format 3 a
/// reply's opinion type (答复意见类型); format 4 the office's months on the
/// key-person list. Older records still read, the new fields empty: no
/// delivery, a kind not yet chosen, no opinion type, the default 12 months.
pub const FORMAT_VERSION: u8 = 4;

/// The oldest record format this release reads.
pub const OLDEST_FORMAT: u8 = 1;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodecError {
    #[error("empty record")]
    Empty,
    #[error("record format version {0} is unknown (this release reads versions {OLDEST_FORMAT} to {FORMAT_VERSION})")]
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

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    match bytes.split_first() {
        None => Err(CodecError::Empty),
        Some((&v, rest)) if (OLDEST_FORMAT..=FORMAT_VERSION).contains(&v) => {
            let (value, left) =
                crate::domain::compat::decoding_format(v, || postcard::take_from_bytes(rest))
                    .map_err(|e| CodecError::Malformed(e.to_string()))?;
            if left.is_empty() {
                Ok(value)
            } else {
                Err(CodecError::Malformed(format!(
                    "{} trailing bytes",
                    left.len()
                )))
            }
        }
        Some((&v, _)) => Err(CodecError::UnknownVersion(v)),
    }
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

    /// A matter's events as release format 1 wrote them, before delivery.
    #[derive(serde::Serialize)]
    struct EventV1 {
        at: crate::domain::Ts,
        action: crate::domain::Step,
        by: String,
        reason: Option<String>,
        note: Option<String>,
        unit: Option<String>,
        handler: Option<String>,
        days: Option<u16>,
        satisfaction: Option<crate::domain::Satisfaction>,
        to: Option<String>,
    }

    #[test]
    fn events_written_before_delivery_existed_still_read() {
        use crate::domain::{Event, Step, Ts};
        let old = vec![
            EventV1 {
                at: Ts(100),
                action: Step::Accept,
                by: "zhangli".into(),
                reason: None,
                note: Some("受理".into()),
                unit: Some("jtj".into()),
                handler: None,
                days: None,
                satisfaction: None,
                to: None,
            },
            EventV1 {
                at: Ts(200),
                action: Step::Reply,
                by: "wangwei".into(),
                reason: None,
                note: None,
                unit: None,
                handler: None,
                days: None,
                satisfaction: None,
                to: Some("x".into()),
            },
        ];
        let mut bytes = vec![1u8];
        postcard::to_io(&old, &mut bytes).unwrap();
        let events: Vec<Event> = decode(&bytes).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].unit.as_deref(), Some("jtj"));
        assert_eq!(events[1].to.as_deref(), Some("x"));
        assert!(events.iter().all(|e| e.delivery.is_none()));
        // Written again, they are the current format and read back the same.
        let again = encode(&events);
        assert_eq!(again[0], FORMAT_VERSION);
        assert_eq!(decode::<Vec<Event>>(&again).unwrap(), events);
    }

    #[test]
    fn a_matter_written_before_classification_reads_with_no_kind() {
        use crate::domain::{Matter, MatterKind, Ts};
        let mut m = Matter::registered("zhangli", Ts(1_772_413_200));
        m.summary = "学校撤并".into();
        let now = encode(&m);
        // Format 1: the same bytes without the kind (`None`, one byte, last).
        let mut v1 = vec![1u8];
        v1.extend_from_slice(&now[1..now.len() - 1]);
        let read: Matter = decode(&v1).unwrap();
        assert_eq!(read, m);
        assert_eq!(read.kind, None);
        assert_eq!(read.kind_or_appeal(), MatterKind::Appeal);
        m.kind = Some(MatterKind::Report);
        assert_eq!(decode::<Matter>(&encode(&m)).unwrap(), m);
    }

    #[test]
    fn events_written_before_the_opinion_type_existed_still_read() {
        use crate::domain::{Delivery, DeliveryMethod, Event, Opinion, Step, Ts};
        let mut reply = Event::new(Ts(300), Step::Reply, "wangwei");
        reply.note = Some("已书面答复".into());
        let mut deliver = Event::new(Ts(400), Step::Deliver, "zhangli");
        deliver.delivery = Some(Delivery {
            method: DeliveryMethod::Post,
            notice: "reply".into(),
        });
        let events = vec![reply, deliver];
        // Format 2 wrote each event without the opinion (`None`, one byte,
        // last): the same bytes with that byte left out of each event.
        let mut v2 = vec![2u8];
        postcard::to_io(&events.len(), &mut v2).unwrap();
        for e in &events {
            let now = encode(e);
            assert_eq!(now.last(), Some(&0), "no opinion is one zero byte");
            v2.extend_from_slice(&now[1..now.len() - 1]);
        }
        assert_eq!(decode::<Vec<Event>>(&v2).unwrap(), events);
        let mut replied = events;
        replied[0].opinion = Some(Opinion::Explain);
        let again = encode(&replied);
        assert_eq!(again[0], FORMAT_VERSION);
        assert_eq!(decode::<Vec<Event>>(&again).unwrap(), replied);
    }
}
