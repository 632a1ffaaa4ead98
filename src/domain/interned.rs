//! `&'static str` fields read back from the wire. Field names, deeds and
//! required-field labels are `&'static str` in the service's errors, so a
//! desk can match on them; a decoded copy must be `'static` too. Each
//! distinct text is kept once for the life of the process, and only a bounded
//! number of them, so a misbehaving peer cannot grow memory without end.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// A `&'static str` field decoded with `static_str`. serde borrows a field
/// spelled `&str` from its input, which a decoded frame cannot lend for
/// `'static`; under this name it does not.
pub type StaticStr = &'static str;

/// Distinct texts kept; past this, a new one reads as `"?"`. A release has a
/// few dozen field names and deeds.
const MAX_KEPT: usize = 1024;

static KEPT: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// `text` as a `'static` string: the same one every time it is asked for.
pub fn intern(text: &str) -> &'static str {
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = kept.get(text) {
        return s;
    }
    if kept.len() >= MAX_KEPT {
        return "?";
    }
    let s: &'static str = Box::leak(text.to_owned().into_boxed_str());
    kept.insert(s);
    s
}

/// serde's `deserialize_with` for a `&'static str` field.
pub fn static_str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let s = String::deserialize(d)?;
    Ok(intern(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_kept_once() {
        let a = intern("summary-interned-test");
        let b = intern(&String::from("summary-interned-test"));
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "summary-interned-test");
    }
}
