//! Masking identity numbers and phones. Lists and cards show every person
//! masked, whatever the role; the full numbers are shown only by an audited
//! reveal (docs/rules.md: Masking and search, Audit trail).

use super::model::Petitioner;
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

/// Another document as "kind:number" keeps its kind and the ends of its number.
pub fn mask_other_doc(doc: &str) -> String {
    match doc.split_once(':') {
        Some((kind, number)) => format!("{kind}:{}", mask_id(number)),
        None => mask_id(doc),
    }
}

/// Masks every identifying number of `p`: ID number, other document, phones.
pub fn mask_petitioner(p: &mut Petitioner) {
    p.id_number = p.id_number.as_deref().map(mask_id);
    p.other_doc = p.other_doc.as_deref().map(mask_other_doc);
    p.phones = p.phones.iter().map(|n| mask_phone(n)).collect();
}

/// A lookup query as the audit trail keeps it: a run of digits (an X that
/// ends one included) keeps its last 4 when it has 6 or more, else none, so
/// the trail never holds more of a number than a masked card shows.
pub fn mask_query(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let keep = if run.chars().count() >= 6 { 4 } else { 0 };
        out.push_str(&keep_ends(run, 0, keep));
        run.clear();
    };
    for c in q.chars() {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if digit || (matches!(c, 'x' | 'X') && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
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
        assert_eq!(mask_other_doc("passport:E12345678"), "passport:E123*5678");
        assert_eq!(mask_other_doc("E12345678"), "E123*5678");
    }

    #[test]
    fn an_audited_query_keeps_at_most_the_last_4_of_a_number() {
        assert_eq!(mask_query("11010519491231002X"), "**************002X");
        assert_eq!(mask_query("于营 231002"), "于营 **1002");
        assert_eq!(mask_query("8000"), "****");
        assert_eq!(mask_query("zhangsan"), "zhangsan");
        assert_eq!(mask_query("138-0013-8000"), "***-****-****");
    }

    #[test]
    fn a_masked_petitioner_keeps_no_whole_number() {
        let mut p = Petitioner {
            id_number: Some("11010519491231002X".into()),
            other_doc: Some("passport:E12345678".into()),
            phones: vec!["13800138000".into(), "053286881234".into()],
            ..Default::default()
        };
        mask_petitioner(&mut p);
        assert_eq!(p.id_number.as_deref(), Some("1101**********002X"));
        assert_eq!(p.other_doc.as_deref(), Some("passport:E123*5678"));
        assert_eq!(p.phones, ["138****8000", "********1234"]);
    }
}
