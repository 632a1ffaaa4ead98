//! Masking identity numbers for roles that may not see them whole.

use super::phone::is_mobile;

/// `11010519491231002X` → `1101**********002X`.
pub fn mask_id(id: &str) -> String {
    keep_ends(id, 4, 4)
}

/// A mobile keeps its first 3 and last 4 digits (`138****8000`), any other
/// number only its last 4.
pub fn mask_phone(p: &str) -> String {
    if is_mobile(p) {
        keep_ends(p, 3, 4)
    } else {
        keep_ends(p, 0, 4)
    }
}

fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask_id("11010519491231002X"), "1101**********002X");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("053286881234"), "********1234");
        assert_eq!(mask_id("1234"), "****", "too short to show anything");
        assert_eq!(mask_id("护照E1234567"), "护照E1**4567");
    }
}
