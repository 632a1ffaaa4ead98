//! Property tests: what people type and what files bring never panics the
//! parsers and normalisers, and what can round-trip does. Each property tries
//! proptest's default number of cases (256), or `PROPTEST_CASES`; those that
//! open databases try an eighth of that, at least one.

#[path = "../common/mod.rs"]
mod common;

mod codec;
mod idnum;
mod import_db;
mod import_lines;
mod keymap;
mod phone;
mod rules;
mod text;

use proptest::test_runner::Config;

/// proptest's configuration, which reads `PROPTEST_CASES`. No regressions
/// file is written: a failure found becomes a named regression test.
pub fn config() -> Config {
    config_scaled(1)
}

/// The same with the case count divided by `divisor`, for properties whose
/// cases are expensive.
pub fn config_scaled(divisor: u32) -> Config {
    let base = Config::default();
    Config {
        cases: (base.cases / divisor).max(1),
        failure_persistence: None,
        ..base
    }
}

/// A TOML basic string: one line, quotes, backslashes and controls escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether text printed for a person holds what could drive a terminal or
/// disguise text: C0 and C1 controls, bidi overrides and isolates.
pub fn has_controls(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}
