//! Notice templates (docs/rules.md#written-notices): a title line, then the
//! body, with named fields in braces. Each kind says which fields it needs
//! and which it may use; a template naming any other, or lacking a needed
//! one, is refused as `FILE:LINE: …` before anything is issued.

use super::super::model::NoticeKind;
use std::collections::BTreeMap;
use std::fmt;

/// Fields every kind may use.
const COMMON: &[&str] = &[
    "office",
    "doc_no",
    "date",
    "ledger",
    "petitioner",
    "summary",
    "registered",
    "category",
    "id_number",
    "unit",
    "due",
    "receiver",
];

/// The whole ID number: only in documents addressed to the petitioner.
pub const WHOLE_ID_FIELD: &str = "id_number_whole";

/// What a kind's template must name, and what it may name beyond `COMMON`.
pub fn fields(kind: NoticeKind) -> (&'static [&'static str], &'static [&'static str]) {
    use NoticeKind as K;
    match kind {
        K::Receipt => (&["ledger", "registered", "due", "receiver"], &[]),
        K::Accept => (&["ledger", "unit", "due"], &["kind"]),
        K::Reject => (&["ledger", "reason"], &[]),
        K::Forward | K::Redirect => (&["ledger", "to"], &[]),
        K::Extend => (&["ledger", "days", "due", "reason"], &[]),
        K::Reply => (&["ledger", "opinion", "reply"], &[]),
        K::Review | K::Rereview => (&["ledger", "reply"], &["opinion"]),
        K::Reminder | K::Directive => (&["ledger", "unit", "due"], &[]),
    }
}

/// Whether a kind is addressed to the petitioner (not to a unit), so that
/// it may carry their whole ID number.
pub fn to_petitioner(kind: NoticeKind) -> bool {
    !matches!(kind, NoticeKind::Reminder | NoticeKind::Directive)
}

/// Every field `kind` may name, required ones included.
pub fn allowed(kind: NoticeKind) -> Vec<&'static str> {
    let (required, extra) = fields(kind);
    let mut all: Vec<&'static str> = COMMON
        .iter()
        .chain(required)
        .chain(extra)
        .copied()
        .collect();
    if to_petitioner(kind) {
        all.push(WHOLE_ID_FIELD);
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// The shipped template of a kind (`fixtures/notices/<kind>.txt`), in Chinese.
pub fn shipped(kind: NoticeKind) -> &'static str {
    use NoticeKind as K;
    match kind {
        K::Receipt => include_str!("../../../fixtures/notices/receipt.txt"),
        K::Accept => include_str!("../../../fixtures/notices/accept.txt"),
        K::Reject => include_str!("../../../fixtures/notices/reject.txt"),
        K::Forward => include_str!("../../../fixtures/notices/forward.txt"),
        K::Redirect => include_str!("../../../fixtures/notices/redirect.txt"),
        K::Extend => include_str!("../../../fixtures/notices/extend.txt"),
        K::Reply => include_str!("../../../fixtures/notices/reply.txt"),
        K::Review => include_str!("../../../fixtures/notices/review.txt"),
        K::Rereview => include_str!("../../../fixtures/notices/rereview.txt"),
        K::Reminder => include_str!("../../../fixtures/notices/reminder.txt"),
        K::Directive => include_str!("../../../fixtures/notices/directive.txt"),
    }
}

/// A template refused, with the file and line that are wrong.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TemplateError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for TemplateError {}

/// A checked template: its title line and body lines, fields unfilled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub kind: NoticeKind,
    pub title: String,
    pub body: Vec<String>,
}

/// One piece of a template line: text as it is, or a field to fill.
enum Piece<'a> {
    Text(&'a str),
    Field(&'a str),
}

/// The pieces of one line, or what is wrong with it.
fn pieces(line: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a } that closes no field".into());
        }
        out.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "a { that is never closed".to_string())?;
        let name = &after[..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(format!("{{{name}}} is not a field name (a-z and _)"));
        }
        out.push(Piece::Field(name));
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// Reads the template of `kind` from `text` (named `file` in messages):
/// `#` lines are comments, the first other non-blank line is the title.
pub fn parse(kind: NoticeKind, file: &str, text: &str) -> Result<Template, TemplateError> {
    let err = |line: usize, message: String| TemplateError {
        file: file.to_string(),
        line,
        message,
    };
    let allowed = allowed(kind);
    let mut seen = Vec::new();
    let mut title: Option<String> = None;
    let mut body = Vec::new();
    let mut last = 0;
    for (i, line) in text.lines().enumerate() {
        last = i + 1;
        if line.trim_start().starts_with('#') || (title.is_none() && line.trim().is_empty()) {
            continue;
        }
        for piece in pieces(line).map_err(|m| err(i + 1, m))? {
            if let Piece::Field(name) = piece {
                if !allowed.contains(&name) {
                    return Err(err(i + 1, unknown_field(kind, name, &allowed)));
                }
                seen.push(name.to_string());
            }
        }
        match title {
            None => title = Some(line.trim().to_string()),
            Some(_) => body.push(line.trim_end().to_string()),
        }
    }
    let title = title.ok_or_else(|| err(last.max(1), "the template is empty".into()))?;
    let (required, _) = fields(kind);
    if let Some(missing) = required.iter().find(|r| !seen.iter().any(|s| s == *r)) {
        return Err(err(
            last.max(1),
            format!(
                "the template ends without {{{missing}}}, which a {} ({}) needs",
                kind.zh(),
                kind.code()
            ),
        ));
    }
    while body.last().is_some_and(|l| l.is_empty()) {
        body.pop();
    }
    Ok(Template { kind, title, body })
}

fn unknown_field(kind: NoticeKind, name: &str, allowed: &[&str]) -> String {
    let whole = name == WHOLE_ID_FIELD;
    if whole {
        format!(
            "{{{name}}} is only for documents addressed to the petitioner, not a {} ({})",
            kind.zh(),
            kind.code()
        )
    } else {
        format!(
            "no field {{{name}}} in a {} ({}); it may use {}",
            kind.zh(),
            kind.code(),
            allowed
                .iter()
                .map(|f| format!("{{{f}}}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    }
}

/// Characters kept out of filled values: they mark where a whole ID number
/// goes in stored text (see `super::WHOLE_ID_MARK`).
fn unmarked(v: &str) -> String {
    v.chars()
        .filter(|c| !matches!(c, '\u{E000}' | '\u{E001}'))
        .collect()
}

impl Template {
    /// The notice's text: the title line, then the body, every field filled
    /// from `values` (a field with no value reads as "—").
    pub fn render(&self, values: &BTreeMap<&str, String>) -> String {
        let fill = |line: &str| -> String {
            let Ok(ps) = pieces(line) else {
                return line.to_string();
            };
            ps.iter()
                .map(|p| match p {
                    Piece::Text(t) => t.to_string(),
                    Piece::Field(WHOLE_ID_FIELD) => super::WHOLE_ID_MARK.to_string(),
                    Piece::Field(f) => match values.get(f) {
                        Some(v) if !v.trim().is_empty() => unmarked(v),
                        _ => "—".to_string(),
                    },
                })
                .collect()
        };
        let mut out = fill(&self.title);
        for line in &self.body {
            out.push('\n');
            out.push_str(&fill(line));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_is_accepted() {
        for kind in NoticeKind::ALL {
            let file = format!("fixtures/notices/{}.txt", kind.code());
            let t = parse(*kind, &file, shipped(*kind)).unwrap();
            assert!(t.title.contains("书") || t.title.contains("函") || t.title.contains("回执"));
        }
    }

    #[test]
    fn an_unknown_field_is_named_with_its_line() {
        let text = "登记回执\n\n编号：{ledger}\n办理：{handler_name}\n";
        let e = parse(NoticeKind::Receipt, "receipt.txt", text).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(
            e.to_string()
                .starts_with("receipt.txt:4: no field {handler_name}"),
            "{e}"
        );
    }

    #[test]
    fn a_missing_required_field_is_named_at_the_end() {
        let text = "# office copy\n登记回执\n编号：{ledger} {registered} {receiver}\n";
        let e = parse(NoticeKind::Receipt, "r.txt", text).unwrap_err();
        assert_eq!((e.line, e.file.as_str()), (3, "r.txt"));
        assert!(e.message.contains("{due}"), "{e}");
    }

    #[test]
    fn a_whole_id_number_only_in_letters_to_the_petitioner() {
        let ok = "回执\n{ledger}{registered}{due}{receiver}{id_number_whole}";
        assert!(parse(NoticeKind::Receipt, "r", ok).is_ok());
        let unit = "督办函\n{ledger}{unit}{due}\n身份证 {id_number_whole}";
        let e = parse(NoticeKind::Directive, "d", unit).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("addressed to the petitioner"), "{e}");
    }

    #[test]
    fn broken_braces_are_refused() {
        for (text, line) in [("t\n{ledger\n", 2), ("t\n}x\n", 2), ("{Ledger}\n", 1)] {
            let e = parse(NoticeKind::Reject, "x", text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
        }
    }

    #[test]
    fn rendering_fills_fields_and_marks_the_whole_number() {
        let t = parse(
            NoticeKind::Reject,
            "x",
            "不予受理告知书\n{petitioner}：{ledger} {reason} {unit}\n{id_number_whole}\n",
        )
        .unwrap();
        let values: BTreeMap<&str, String> = [
            ("petitioner", "于营".to_string()),
            ("ledger", "2026-000001".into()),
            ("reason", "不属于\u{E000}受理范围".into()),
        ]
        .into_iter()
        .collect();
        let text = t.render(&values);
        assert_eq!(
            text,
            format!(
                "不予受理告知书\n于营：2026-000001 不属于受理范围 —\n{}",
                super::super::WHOLE_ID_MARK
            )
        );
    }
}
