//! Byte layouts of keys: big-endian numbers so that sled's byte order is the
//! natural order, and a 0 byte after text (UTF-8 never contains one).

use crate::domain::LedgerNo;
use time::Date;

pub fn u64_key(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

pub fn read_u64(b: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(..8)?.try_into().ok()?))
}

/// Records are stored 16 to a sled key (see `T::bucketing`): the key of a
/// petitioner is its number without the low four bits, then those bits.
pub fn petitioner_key(id: u64) -> Vec<u8> {
    let mut k = (id >> 4).to_be_bytes().to_vec();
    k.push((id & 15) as u8);
    k
}

pub fn read_petitioner_key(k: &[u8]) -> Option<u64> {
    (k.len() == 9).then(|| (read_u64(k).unwrap_or(0) << 4) | u64::from(k[8] & 15))
}

/// Year, sequence without its low four bits, then those bits.
pub fn matter_key(l: LedgerNo) -> Vec<u8> {
    let mut k = l.year.to_be_bytes().to_vec();
    k.extend_from_slice(&(l.seq >> 4).to_be_bytes());
    k.push((l.seq & 15) as u8);
    k
}

pub fn read_matter_key(k: &[u8]) -> Option<LedgerNo> {
    if k.len() != 7 {
        return None;
    }
    let high = u32::from_be_bytes(k[2..6].try_into().ok()?);
    Some(LedgerNo {
        year: u16::from_be_bytes([k[0], k[1]]),
        seq: (high << 4) | u32::from(k[6] & 15),
    })
}

pub fn ledger_key(l: LedgerNo) -> [u8; 6] {
    let mut k = [0u8; 6];
    k[..2].copy_from_slice(&l.year.to_be_bytes());
    k[2..].copy_from_slice(&l.seq.to_be_bytes());
    k
}

pub fn read_ledger(b: &[u8]) -> Option<LedgerNo> {
    Some(LedgerNo {
        year: u16::from_be_bytes(b.get(..2)?.try_into().ok()?),
        seq: u32::from_be_bytes(b.get(2..6)?.try_into().ok()?),
    })
}

/// A date as 4 bytes that sort in calendar order.
pub fn date_key(d: Date) -> [u8; 4] {
    ((d.to_julian_day() as u32) ^ 0x8000_0000).to_be_bytes()
}

pub fn read_date(b: &[u8]) -> Option<Date> {
    let raw = u32::from_be_bytes(b.get(..4)?.try_into().ok()?) ^ 0x8000_0000;
    Date::from_julian_day(raw as i32).ok()
}

/// `text` 0 `suffix`: all entries for one text sort together, shorter texts first.
pub fn text_key(text: &str, suffix: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(text.len() + 1 + suffix.len());
    k.extend_from_slice(text.as_bytes());
    k.push(0);
    k.extend_from_slice(suffix);
    k
}

/// The part of a text key after the 0 separator.
pub fn after_text(key: &[u8]) -> Option<&[u8]> {
    let i = key.iter().position(|b| *b == 0)?;
    Some(&key[i + 1..])
}

pub fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_sort_in_calendar_order_across_eras() {
        let ds = [
            date!(1899 - 12 - 31),
            date!(1970 - 01 - 01),
            date!(2026 - 03 - 02),
            date!(2026 - 12 - 31),
        ];
        for w in ds.windows(2) {
            assert!(date_key(w[0]) < date_key(w[1]));
        }
        for d in ds {
            assert_eq!(read_date(&date_key(d)), Some(d));
        }
    }

    #[test]
    fn record_keys_group_sixteen_neighbours_and_round_trip() {
        assert_eq!(petitioner_key(17)[..8], petitioner_key(31)[..8]);
        assert_ne!(petitioner_key(15)[..8], petitioner_key(16)[..8]);
        for id in [1, 15, 16, 300_000, u64::MAX >> 4] {
            assert_eq!(read_petitioner_key(&petitioner_key(id)), Some(id));
        }
        let l = LedgerNo {
            year: 2026,
            seq: 123_457,
        };
        assert_eq!(read_matter_key(&matter_key(l)), Some(l));
        assert!(
            matter_key(LedgerNo {
                year: 2026,
                seq: 15
            }) < matter_key(LedgerNo {
                year: 2026,
                seq: 16
            })
        );
    }

    #[test]
    fn ledger_keys_sort_by_year_then_sequence() {
        let a = LedgerNo {
            year: 2025,
            seq: 999_999,
        };
        let b = LedgerNo { year: 2026, seq: 1 };
        assert!(ledger_key(a) < ledger_key(b));
        assert_eq!(read_ledger(&ledger_key(b)), Some(b));
    }
}
