//! The record codec: every record reads back as it was written, and damaged
//! or foreign bytes are refused, never misread and never a panic.

use proptest::prelude::*;
use std::fmt::Debug;
use xfdesk::domain::{
    AuditEntry, Channel, Contact, Delivery, DeliveryMethod, Event, Gender, LedgerNo, Level, Matter,
    MatterKind, MatterState, Opinion, Petitioner, Role, Satisfaction, Staff, Step, Town, Ts,
    Village,
};
use xfdesk::store::codec::{decode, encode, CodecError, FORMAT_VERSION};

fn text() -> impl Strategy<Value = String> {
    ".{0,12}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn ts() -> impl Strategy<Value = Ts> {
    any::<i64>().prop_map(Ts)
}

fn ledger() -> impl Strategy<Value = LedgerNo> {
    (any::<u16>(), any::<u32>()).prop_map(|(year, seq)| LedgerNo { year, seq })
}

fn one_of<T: Copy + Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn ids() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(any::<u64>(), 0..4)
}

pub fn petitioner() -> impl Strategy<Value = Petitioner> {
    (
        (any::<u64>(), text(), opt_text(), opt_text()),
        (prop::collection::vec(text(), 0..3), opt_text(), opt_text()),
        (
            opt_text(),
            prop::option::of(one_of(Gender::ALL)),
            opt_text(),
        ),
        (opt_text(), prop::collection::vec(ledger(), 0..4)),
    )
        .prop_map(
            |(
                (id, name, id_number, other_doc),
                (phones, town, village),
                (address, gender, key_person),
                (notes, matters),
            )| Petitioner {
                id,
                name,
                id_number,
                other_doc,
                phones,
                town,
                village,
                address,
                gender,
                key_person,
                notes,
                matters,
            },
        )
}

fn event() -> impl Strategy<Value = Event> {
    (
        (ts(), one_of(Step::ALL), text(), opt_text(), opt_text()),
        (opt_text(), opt_text(), prop::option::of(any::<u16>())),
        (
            prop::option::of(one_of(Satisfaction::ALL)),
            opt_text(),
            prop::option::of((one_of(DeliveryMethod::ALL), text())),
            prop::option::of(one_of(Opinion::ALL)),
        ),
    )
        .prop_map(
            |(
                (at, action, by, reason, note),
                (unit, handler, days),
                (satisfaction, to, delivery, opinion),
            )| Event {
                at,
                action,
                by,
                reason,
                note,
                unit,
                handler,
                days,
                satisfaction,
                to,
                delivery: delivery.map(|(method, notice)| Delivery { method, notice }),
                opinion,
            },
        )
}

pub fn contact() -> impl Strategy<Value = Contact> {
    (
        (any::<u64>(), ts(), one_of(Channel::ALL), one_of(Level::ALL)),
        (any::<u32>(), ids(), ledger(), text(), text()),
        (
            text(),
            any::<bool>(),
            opt_text(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (id, at, channel, level),
                (headcount, petitioners, matter, town, receiver),
                (summary, abnormal, letter_no, repeat, skip_level),
            )| Contact {
                id,
                at,
                channel,
                level,
                headcount,
                petitioners,
                matter,
                town,
                receiver,
                summary,
                abnormal,
                letter_no,
                repeat,
                skip_level,
            },
        )
}

pub fn matter() -> impl Strategy<Value = Matter> {
    (
        (ledger(), text(), text(), ids(), text(), one_of(Level::ALL)),
        (text(), text(), opt_text(), opt_text(), opt_text(), ts()),
        (
            one_of(MatterState::ALL),
            prop::collection::vec(event(), 0..4),
            prop::collection::vec(contact(), 0..4),
            prop::option::of(one_of(MatterKind::ALL)),
        ),
    )
        .prop_map(
            |(
                (ledger, summary, category, petitioners, town, jurisdiction),
                (first_receiver, registered_by, unit, handler, leader, registered_at),
                (state, events, contacts, kind),
            )| Matter {
                ledger,
                summary,
                category,
                petitioners,
                town,
                jurisdiction,
                first_receiver,
                registered_by,
                unit,
                handler,
                leader,
                registered_at,
                state,
                events,
                contacts,
                kind,
            },
        )
}

fn staff() -> impl Strategy<Value = Staff> {
    (text(), text(), one_of(Role::ALL), opt_text(), any::<bool>()).prop_map(
        |(login, name, role, unit, disabled)| Staff {
            login,
            name,
            role,
            unit,
            disabled,
        },
    )
}

fn audit() -> impl Strategy<Value = AuditEntry> {
    (ts(), text(), text(), text()).prop_map(|(at, by, record, what)| AuditEntry {
        at,
        by,
        record,
        what,
    })
}

fn reference() -> impl Strategy<Value = (Town, Village)> {
    (text(), text(), text(), text(), text()).prop_map(|(tc, tn, vc, vt, vn)| {
        (
            Town { code: tc, name: tn },
            Village {
                code: vc,
                town: vt,
                name: vn,
            },
        )
    })
}

fn failed(e: CodecError) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Reads back as written; every shorter prefix (a torn write) and one byte
/// more are refused; the version byte comes first.
fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug + 'static,
{
    let bytes = encode(value);
    prop_assert_eq!(bytes[0], FORMAT_VERSION);
    prop_assert_eq!(&decode::<T>(&bytes).map_err(failed)?, value);
    for len in 0..bytes.len() {
        prop_assert!(
            decode::<T>(&bytes[..len]).is_err(),
            "prefix of {} bytes",
            len
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    prop_assert!(decode::<T>(&longer).is_err());
    Ok(())
}

/// Arbitrary bytes: an error, or a record that itself round-trips.
fn never_misread<T>(bytes: &[u8]) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug + 'static,
{
    match decode::<T>(bytes) {
        Ok(v) => prop_assert_eq!(decode::<T>(&encode(&v)).map_err(failed)?, v),
        Err(CodecError::Empty) => prop_assert!(bytes.is_empty()),
        Err(CodecError::UnknownVersion(v)) => {
            prop_assert_eq!(v, bytes[0]);
            prop_assert_ne!(v, FORMAT_VERSION);
        }
        Err(CodecError::Malformed(m)) => prop_assert!(!m.is_empty()),
    }
    Ok(())
}

/// Bytes behind the version byte, often the real one so decoding gets far.
fn record_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        prop::collection::vec(any::<u8>(), 0..256).prop_map(|mut b| {
            b.insert(0, FORMAT_VERSION);
            b
        }),
    ]
}

proptest! {
    #![proptest_config(crate::config())]

    #[test]
    fn petitioners_round_trip(p in petitioner()) {
        round_trips(&p)?;
    }

    #[test]
    fn matters_with_their_events_and_contacts_round_trip(m in matter()) {
        round_trips(&m)?;
    }

    #[test]
    fn contacts_round_trip(c in contact()) {
        round_trips(&c)?;
    }

    #[test]
    fn staff_audit_entries_and_places_round_trip(s in staff(), a in audit(), (t, v) in reference()) {
        round_trips(&s)?;
        round_trips(&a)?;
        round_trips(&t)?;
        round_trips(&v)?;
    }

    #[test]
    fn arbitrary_bytes_are_refused_or_read_faithfully(bytes in record_bytes()) {
        never_misread::<Petitioner>(&bytes)?;
        never_misread::<Matter>(&bytes)?;
        never_misread::<Contact>(&bytes)?;
        never_misread::<Staff>(&bytes)?;
        never_misread::<AuditEntry>(&bytes)?;
    }

    #[test]
    fn a_damaged_record_is_refused_or_still_a_whole_record(
        m in matter(),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let mut bytes = encode(&m);
        let i = at.index(bytes.len());
        bytes[i] ^= flip;
        never_misread::<Matter>(&bytes)?;
    }
}
