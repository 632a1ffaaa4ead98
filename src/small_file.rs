//! The small text files people hand to xfdesk — settings, keymaps, rules,
//! holiday lists — read with a bound, so a wrong path (a log, a database
//! file, /dev/zero) is refused by name instead of filling memory.

use std::io::{ErrorKind, Read};
use std::path::Path;

/// Largest such file read; real ones are a few KiB.
pub const MAX_BYTES: u64 = 1 << 20;

/// The file's text; an error is the file's path and what is wrong.
pub fn read(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(std::io::Error::new(
            ErrorKind::InvalidData,
            format!(
                "larger than {} KiB; is this the right file?",
                MAX_BYTES >> 10
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_too_large_or_not_text_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_BYTES as usize + 1]).unwrap();
        assert_eq!(
            read(&big).unwrap_err().to_string(),
            "larger than 1024 KiB; is this the right file?"
        );
        let bin = dir.path().join("bin.toml");
        std::fs::write(&bin, b"ok\xff").unwrap();
        assert_eq!(
            read(&bin).unwrap_err().to_string(),
            "not UTF-8 text (byte 2)"
        );
        std::fs::write(&bin, "键 = 1").unwrap();
        assert_eq!(read(&bin).unwrap(), "键 = 1");
    }
}
