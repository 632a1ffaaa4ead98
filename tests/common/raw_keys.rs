//! The store's key layout, spelled out for the tests that damage a database
//! on purpose: the store keeps its own key functions private.

/// A petitioner record's key: its number without the low four bits, then
/// those bits.
pub fn petitioner_key(id: u64) -> Vec<u8> {
    let mut k = (id >> 4).to_be_bytes().to_vec();
    k.push((id & 15) as u8);
    k
}

/// An audit entry's key, and a petitioner's number after the text of an
/// index key.
pub fn u64_key(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

pub fn read_u64(b: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(..8)?.try_into().ok()?))
}

/// An index key: the text, a 0 byte, then the rest.
pub fn text_key(text: &str, suffix: &[u8]) -> Vec<u8> {
    let mut k = text.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(suffix);
    k
}
