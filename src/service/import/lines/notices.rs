//! Notice lines: a written notice of a matter in this import or in the
//! database, with its number, kept as it was issued.

use super::*;
use crate::domain::notice::{Notice, NoticeDelivery};
use crate::domain::NoticeKind;
use crate::interchange::NoticeLine;
use crate::service::import::spill::Lines;
use std::collections::BTreeSet;

/// The longest notice text an import takes.
const MAX_NOTICE_CHARS: usize = 20_000;

pub(in crate::service::import) struct NewNotice {
    pub(in crate::service::import) matter: MatterRef,
    /// Its ledger number is filled in once the matter has one.
    pub(in crate::service::import) notice: Notice,
}

pub(in crate::service::import) fn notice_lines(
    cx: &mut Ctx,
    lines: Lines<'_>,
) -> Result<Vec<NewNotice>> {
    let mut out = Vec::with_capacity(lines.len());
    if lines.len() == 0 {
        return Ok(out);
    }
    // A number of a kind and year is one notice's, here or on file.
    let mut used: BTreeSet<(NoticeKind, u16, u32)> = BTreeSet::new();
    for n in cx.store.all_notices() {
        let n = n?;
        used.insert((n.kind, n.year, n.seq));
    }
    for (pos, line) in lines {
        let Line::Notice(l) = line else {
            unreachable!()
        };
        if let Some(n) = notice_line(cx, pos, l)? {
            if !used.insert((n.notice.kind, n.notice.year, n.notice.seq)) {
                cx.err(
                    pos,
                    "number",
                    format!(
                        "{} number {} of {} is already another notice's",
                        n.notice.kind.code(),
                        n.notice.seq,
                        n.notice.year
                    ),
                );
                continue;
            }
            out.push(n);
        }
    }
    Ok(out)
}

/// A notice's text is kept byte for byte, so it is refused, not cleaned,
/// when it holds a control or invisible character or a whole ID number.
fn check_text(cx: &mut Ctx, pos: Pos, t: &str) -> bool {
    let problem = if t.trim().is_empty() {
        Some("empty".to_string())
    } else if t.chars().count() > MAX_NOTICE_CHARS {
        Some(format!("longer than {MAX_NOTICE_CHARS} characters"))
    } else if t.split('\n').any(|l| text::escape_controls(l) != l) {
        Some("holds a control or invisible character".to_string())
    } else if holds_whole_id(t) {
        Some("holds a whole ID number; notices keep the mark id_number_whole in its place".into())
    } else {
        None
    };
    match problem {
        Some(p) => {
            cx.err(pos, "text", p);
            false
        }
        None => true,
    }
}

/// Whether `t` has 17 digits and their check character in a row: a whole
/// resident ID number.
fn holds_whole_id(t: &str) -> bool {
    let b = t.as_bytes();
    b.windows(18).any(|w| {
        let first17 = &w[..17];
        first17.iter().all(u8::is_ascii_digit)
            && std::str::from_utf8(first17)
                .ok()
                .and_then(idnum::check_char)
                .is_some_and(|c| c.eq_ignore_ascii_case(&char::from(w[17])))
    })
}

fn notice_line(cx: &mut Ctx, pos: Pos, l: NoticeLine) -> Result<Option<NewNotice>> {
    let matter = cx.matter_ref(pos, &l.matter)?;
    let kind = cx.parse_enum(
        pos,
        "kind",
        &l.kind,
        NoticeKind::from_code,
        NoticeKind::codes,
    );
    let issued_at = cx.time(pos, "issued_at", &l.issued_at);
    let by = cx.staff_login(pos, "by", &l.by);
    let doc_no = cx.text(pos, "doc_no", &l.doc_no, MAX_NAME_CHARS);
    let mut ok = check_text(cx, pos, &l.text);
    if !(1..=9999).contains(&l.year) {
        cx.err(pos, "year", format!("{} is not a year", l.year));
        ok = false;
    }
    if l.number == 0 {
        cx.err(pos, "number", "numbers start at 1");
        ok = false;
    }
    let delivery = delivery(cx, pos, &l);
    let (Some(matter), Some(kind), Some(issued_at), Some(by), Some(doc_no), Some(delivery), true) =
        (matter, kind, issued_at, by, doc_no, delivery, ok)
    else {
        return Ok(None);
    };
    Ok(Some(NewNotice {
        matter,
        notice: Notice {
            ledger: LedgerNo { year: 0, seq: 0 },
            kind,
            year: l.year,
            seq: l.number,
            doc_no,
            issued_at,
            by,
            text: l.text,
            delivery,
        },
    }))
}

/// The delivery a line records: all three of its fields, or none.
fn delivery(cx: &mut Ctx, pos: Pos, l: &NoticeLine) -> Option<Option<NoticeDelivery>> {
    match (&l.delivered_method, &l.delivered_at, &l.delivered_by) {
        (None, None, None) => Some(None),
        (Some(m), Some(at), Some(by)) => {
            let method = cx.parse_enum(
                pos,
                "delivered_method",
                m,
                DeliveryMethod::from_code,
                DeliveryMethod::codes,
            );
            let at = cx.time(pos, "delivered_at", at);
            let by = cx.staff_login(pos, "delivered_by", by);
            Some(Some(NoticeDelivery {
                method: method?,
                at: at?,
                by: by?,
            }))
        }
        _ => {
            cx.err(
                pos,
                "delivered_method",
                "a delivery names its method, time and who recorded it (delivered_method, delivered_at, delivered_by), or none of them",
            );
            None
        }
    }
}
