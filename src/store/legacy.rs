//! Records of older formats, read through their old shape and brought up to
//! this release's. Format 1 → 2: a matter gained its kind (依法分类处理);
//! a matter of format 1 has none, which the workflow takes as 申诉求决类.

use super::codec::{as_requested, whole, CodecError};
use crate::domain::{Contact, Event, LedgerNo, Level, Matter, MatterState, PetitionerId, Ts};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::any::TypeId;

/// A matter as format 1 wrote it: every field of today's but `kind`.
#[derive(Deserialize)]
struct MatterV1 {
    ledger: LedgerNo,
    summary: String,
    category: String,
    petitioners: Vec<PetitionerId>,
    town: String,
    jurisdiction: Level,
    first_receiver: String,
    registered_by: String,
    unit: Option<String>,
    handler: Option<String>,
    leader: Option<String>,
    registered_at: Ts,
    state: MatterState,
    events: Vec<Event>,
    contacts: Vec<Contact>,
}

impl From<MatterV1> for Matter {
    fn from(m: MatterV1) -> Matter {
        Matter {
            ledger: m.ledger,
            summary: m.summary,
            category: m.category,
            petitioners: m.petitioners,
            town: m.town,
            jurisdiction: m.jurisdiction,
            first_receiver: m.first_receiver,
            registered_by: m.registered_by,
            unit: m.unit,
            handler: m.handler,
            leader: m.leader,
            registered_at: m.registered_at,
            state: m.state,
            events: m.events,
            contacts: m.contacts,
            kind: None,
        }
    }
}

/// A `T` from format-1 bytes when its shape changed since; `None` when it
/// reads the same as today.
pub(super) fn from_format_1<T: DeserializeOwned + 'static>(
    bytes: &[u8],
) -> Option<Result<T, CodecError>> {
    if TypeId::of::<T>() == TypeId::of::<Matter>() {
        return Some(whole::<MatterV1>(bytes).map(|m| as_requested::<T, Matter>(m.into())));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matter_of_format_1_reads_with_no_kind_and_is_written_back_as_format_2() {
        let mut m = Matter::registered("zhangli", Ts(1_772_413_200));
        m.summary = "学校撤并".into();
        m.kind = None;
        // Format 1: the same fields, without the kind at the end.
        let mut v1 = vec![1u8];
        let now = super::super::codec::encode(&m);
        // `None` is one byte at the end of format 2.
        v1.extend_from_slice(&now[1..now.len() - 1]);
        let read: Matter = super::super::codec::decode(&v1).unwrap();
        assert_eq!(read, m);
        assert_eq!(read.kind_or_appeal(), crate::domain::MatterKind::Appeal);
        assert_eq!(now[0], 2);
        // Other records read the same in both formats.
        let staff = crate::domain::Staff {
            login: "a".into(),
            name: "甲".into(),
            role: crate::domain::Role::Handler,
            unit: None,
            disabled: false,
        };
        let mut old = super::super::codec::encode(&staff);
        old[0] = 1;
        assert_eq!(
            super::super::codec::decode::<crate::domain::Staff>(&old).unwrap(),
            staff
        );
    }
}
