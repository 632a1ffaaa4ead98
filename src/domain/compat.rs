//! Reading records written by an earlier release. Stored records are postcard,
//! which is not self-describing: a field added to a record is absent from the
//! bytes of older records. The store's codec says which record format it is
//! decoding; a field added in format 2 reads as its default from format 1,
//! one added in format 3 as its default from formats 1 and 2.

use serde::{Deserialize, Deserializer};
use std::cell::Cell;

thread_local! {
    static FORMAT: Cell<u8> = const { Cell::new(u8::MAX) };
}

/// Runs `f` with records being read as written in `format`; nested and
/// panicking calls restore the previous format.
pub fn decoding_format<R>(format: u8, f: impl FnOnce() -> R) -> R {
    struct Restore(u8);
    impl Drop for Restore {
        fn drop(&mut self) {
            FORMAT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(FORMAT.with(|c| c.replace(format)));
    f()
}

/// A field added in record format 2: absent (its default) from format 1
/// bytes, read normally otherwise (and from JSON, where it may be missing).
pub fn since_v2<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    if FORMAT.with(|c| c.get()) < 2 {
        Ok(T::default())
    } else {
        T::deserialize(d)
    }
}

/// A field added in record format 3: absent (its default) from format 1 and
/// 2 bytes, read normally otherwise (and from JSON, where it may be missing).
pub fn since_v3<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    if FORMAT.with(|c| c.get()) < 3 {
        Ok(T::default())
    } else {
        T::deserialize(d)
    }
}

/// A field added in record format 4: absent (its default) from formats 1 to
/// 3, read normally otherwise (and from JSON, where it may be missing).
pub fn since_v4<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    if FORMAT.with(|c| c.get()) < 4 {
        Ok(T::default())
    } else {
        T::deserialize(d)
    }
}
