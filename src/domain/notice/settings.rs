//! The office's settings for its notices (docs/rules.md#written-notices):
//! its name (the documents' header), the print command, a directory of its
//! own templates, and a document-number pattern per kind. Shown and set by
//! `xfdesk office` beside the settings for its numbers.

use super::super::model::NoticeKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSettings {
    /// The header line of every document (e.g. `青岛市黄岛区信访局`).
    pub office_name: String,
    /// Run with the file's path to print it (e.g. `lp -d desk1`); empty: no printing.
    pub print_command: String,
    /// A directory of the office's own templates (`<kind>.txt`); a kind
    /// without a file there uses the shipped one. Empty: the shipped ones.
    pub templates: String,
    /// Document-number patterns that replace the shipped ones.
    pub patterns: BTreeMap<NoticeKind, String>,
}

/// Settings names other than the patterns.
pub const OFFICE_NAME: &str = "office_name";
pub const PRINT_COMMAND: &str = "print_command";
pub const TEMPLATES: &str = "notice_templates";
/// A pattern's setting is this and the kind's code: `notice_number.accept`.
pub const PATTERN_PREFIX: &str = "notice_number.";

/// The shipped document-number pattern of a kind; `{year}` and `{n}` are
/// filled in (the office puts its short name in front: `清信受〔{year}〕{n}号`).
pub fn shipped_pattern(kind: NoticeKind) -> &'static str {
    use NoticeKind as K;
    match kind {
        K::Receipt => "信登〔{year}〕{n}号",
        K::Accept => "信受〔{year}〕{n}号",
        K::Reject => "信不受〔{year}〕{n}号",
        K::Forward => "信转〔{year}〕{n}号",
        K::Redirect => "信导〔{year}〕{n}号",
        K::Extend => "信延〔{year}〕{n}号",
        K::Reply => "信处〔{year}〕{n}号",
        K::Review => "信复查〔{year}〕{n}号",
        K::Rereview => "信复核〔{year}〕{n}号",
        K::Reminder => "信提〔{year}〕{n}号",
        K::Directive => "信督〔{year}〕{n}号",
    }
}

/// Every setting's name, in the order `xfdesk office` shows them.
pub fn keys() -> Vec<String> {
    let mut keys = vec![
        OFFICE_NAME.to_string(),
        PRINT_COMMAND.to_string(),
        TEMPLATES.to_string(),
    ];
    keys.extend(
        NoticeKind::ALL
            .iter()
            .map(|k| format!("{PATTERN_PREFIX}{}", k.code())),
    );
    keys
}

/// A pattern names `{year}` and `{n}` once each, and no other field.
fn check_pattern(key: &str, p: &str) -> Result<(), String> {
    let rest = p.replacen("{year}", "", 1).replacen("{n}", "", 1);
    if !p.contains("{year}") || !p.contains("{n}") || rest.contains(['{', '}']) {
        return Err(format!(
            "{key}: {p:?} must name {{year}} and {{n}} once each and no other field (e.g. 清信受〔{{year}}〕{{n}}号)"
        ));
    }
    Ok(())
}

impl NoticeSettings {
    /// The pattern a kind's numbers follow now.
    pub fn pattern(&self, kind: NoticeKind) -> &str {
        self.patterns
            .get(&kind)
            .map_or(shipped_pattern(kind), String::as_str)
    }

    /// The document number `n` of `kind` in `year`.
    pub fn doc_no(&self, kind: NoticeKind, year: u16, n: u32) -> String {
        self.pattern(kind)
            .replace("{year}", &year.to_string())
            .replace("{n}", &n.to_string())
    }

    /// One setting as text, by its name in `keys()`.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            OFFICE_NAME => self.office_name.clone(),
            PRINT_COMMAND => self.print_command.clone(),
            TEMPLATES => self.templates.clone(),
            _ => {
                let kind = NoticeKind::from_code(key.strip_prefix(PATTERN_PREFIX)?)?;
                self.pattern(kind).to_string()
            }
        })
    }

    /// These settings with `key` set to `value`; `None` when `key` is none of
    /// them, the problem in words when the value will not do.
    pub fn with(&self, key: &str, value: &str) -> Option<Result<NoticeSettings, String>> {
        let mut out = self.clone();
        let value = value.trim().to_string();
        match key {
            OFFICE_NAME => out.office_name = value,
            PRINT_COMMAND => out.print_command = value,
            TEMPLATES => out.templates = value,
            _ => {
                let kind = NoticeKind::from_code(key.strip_prefix(PATTERN_PREFIX)?)?;
                if value.is_empty() {
                    out.patterns.remove(&kind);
                } else {
                    if let Err(e) = check_pattern(key, &value) {
                        return Some(Err(e));
                    }
                    out.patterns.insert(kind, value);
                }
            }
        }
        Some(Ok(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_pattern_and_a_bad_one_is_refused() {
        let s = NoticeSettings::default();
        assert_eq!(s.doc_no(NoticeKind::Accept, 2026, 12), "信受〔2026〕12号");
        let key = "notice_number.accept";
        let s = s.with(key, "清信受〔{year}〕{n}号").unwrap().unwrap();
        assert_eq!(s.doc_no(NoticeKind::Accept, 2026, 12), "清信受〔2026〕12号");
        assert_eq!(s.get(key).unwrap(), "清信受〔{year}〕{n}号");
        for bad in ["清信受〔2026〕{n}号", "{year}{n}{unit}", "{year}{n}{n}"] {
            let e = s.with(key, bad).unwrap().unwrap_err();
            assert!(e.starts_with(key), "{e}");
        }
        assert!(s.with("notice_number.nothing", "x").is_none());
        let back = s.with(key, "").unwrap().unwrap();
        assert_eq!(back.pattern(NoticeKind::Accept), "信受〔{year}〕{n}号");
    }

    #[test]
    fn every_key_reads_back() {
        let s = NoticeSettings::default();
        for k in keys() {
            assert!(s.get(&k).is_some(), "{k}");
        }
    }
}
