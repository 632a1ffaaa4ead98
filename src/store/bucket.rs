//! Index entries grouped into buckets: one sled key holds every entry whose
//! key starts with the same few bytes. sled splits leaves at 16 keys and its
//! open time and memory grow with the number of pages, so a million tiny index
//! keys would make every start-up slow; a few thousand buckets do not.

use super::codec::{decode, encode, CodecError};

/// How an index key is cut into its bucket (the sled key) and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucketing {
    /// The first `n` bytes.
    Fixed(usize),
    /// The text up to and including its 0 separator, then `n` more bytes.
    AfterText(usize),
}

impl Bucketing {
    /// Where the bucket part of `key` ends, if `key` is long enough to have one.
    fn boundary(self, key: &[u8]) -> Option<usize> {
        let end = match self {
            Bucketing::Fixed(n) => n,
            Bucketing::AfterText(n) => key.iter().position(|b| *b == 0)? + 1 + n,
        };
        (key.len() >= end).then_some(end)
    }

    /// Splits a full index key into (bucket, rest). Keys shorter than a bucket
    /// form a bucket of their own.
    pub fn split(self, key: &[u8]) -> (&[u8], &[u8]) {
        key.split_at(self.boundary(key).unwrap_or(key.len()))
    }

    /// For a prefix query: the single bucket holding every match, or `None`
    /// when the matches may span several buckets (scan buckets by prefix).
    pub fn bucket_of_prefix(self, prefix: &[u8]) -> Option<(&[u8], &[u8])> {
        self.boundary(prefix).map(|end| prefix.split_at(end))
    }
}

/// The entries of one bucket, sorted by the rest of their key: (rest, value).
pub type Bucket = Vec<(Vec<u8>, Vec<u8>)>;

pub fn decode_bucket(bytes: &[u8]) -> Result<Bucket, CodecError> {
    decode(bytes)
}

pub fn encode_bucket(b: &Bucket) -> Vec<u8> {
    encode(b)
}

/// Applies inserts (`Some`) and removals (`None`) to a bucket, keeping it sorted.
pub fn apply<'a>(
    bucket: &mut Bucket,
    ops: impl IntoIterator<Item = (&'a Vec<u8>, &'a Option<Vec<u8>>)>,
) {
    for (rest, op) in ops {
        match (bucket.binary_search_by(|(r, _)| r.as_slice().cmp(rest)), op) {
            (Ok(i), Some(v)) => bucket[i].1 = v.clone(),
            (Ok(i), None) => {
                bucket.remove(i);
            }
            (Err(i), Some(v)) => bucket.insert(i, (rest.clone(), v.clone())),
            (Err(_), None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn keys_split_into_bucket_and_rest() {
        assert_eq!(
            Bucketing::Fixed(3).split(b"abcdef"),
            (&b"abc"[..], &b"def"[..])
        );
        assert_eq!(Bucketing::Fixed(3).split(b"ab"), (&b"ab"[..], &b""[..]));
        assert_eq!(
            Bucketing::AfterText(2).split(b"town\0\x01\x02\x03"),
            (&b"town\0\x01\x02"[..], &b"\x03"[..])
        );
    }

    #[test]
    fn prefix_queries_find_their_bucket_only_when_long_enough() {
        let f = Bucketing::Fixed(4);
        assert_eq!(
            f.bucket_of_prefix(b"13800"),
            Some((&b"1380"[..], &b"0"[..]))
        );
        assert_eq!(f.bucket_of_prefix(b"138"), None);
        let t = Bucketing::AfterText(1);
        assert_eq!(t.bucket_of_prefix(b"zhang"), None);
        assert_eq!(
            t.bucket_of_prefix(b"z\0\x07\x09"),
            Some((&b"z\0\x07"[..], &b"\x09"[..]))
        );
    }

    #[test]
    fn applying_ops_keeps_the_bucket_sorted_and_removes() {
        let mut b: Bucket = vec![(b"b".to_vec(), vec![]), (b"d".to_vec(), vec![1])];
        let ops: BTreeMap<Vec<u8>, Option<Vec<u8>>> = [
            (b"a".to_vec(), Some(vec![])),
            (b"c".to_vec(), Some(vec![2])),
            (b"d".to_vec(), None),
            (b"z".to_vec(), None),
        ]
        .into();
        apply(&mut b, &ops);
        assert_eq!(
            b,
            vec![
                (b"a".to_vec(), vec![]),
                (b"b".to_vec(), vec![]),
                (b"c".to_vec(), vec![2])
            ]
        );
        assert_eq!(decode_bucket(&encode_bucket(&b)).unwrap(), b);
    }
}
