//! Cleaning untrusted text (names, summaries, imports) before it is stored:
//! no control character may drive a terminal, no bidi control may disguise
//! a name, and no invisible character may make two names look alike while
//! searching apart.

fn is_forbidden(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        // Zero-width space, non-joiner and joiner; word joiner.
        || ('\u{200B}'..='\u{200D}').contains(&c)
        || c == '\u{2060}'
        // Line and paragraph separators: line breaks most terminals do not draw.
        || matches!(c, '\u{2028}' | '\u{2029}')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
}

fn clean(s: &str, keep_newlines: bool) -> String {
    let s = s.replace("\r\n", "\n");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep_newlines && c == '\n' {
            out.push('\n');
        } else if c == '\t' || c == '\n' || c == '\r' {
            out.push(' ');
        } else if !is_forbidden(c) {
            out.push(c);
        }
    }
    let lines: Vec<String> = out
        .split('\n')
        .map(|l| {
            l.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// Text kept as it came but shown safely: every control, bidi or invisible
/// character (line breaks and tabs too) is written as its escape (`\n`,
/// `\u{1b}`), so a file name or other text from a client can neither start
/// a new line of the audit trail nor drive a terminal, and still says what
/// was given.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_forbidden(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// One line of text: controls removed, tabs and newlines become spaces, runs
/// of spaces collapse, ends trimmed.
pub fn clean_line(s: &str) -> String {
    clean(s, false)
}

/// Like [`clean_line`] but keeps line breaks (notes).
pub fn clean_multiline(s: &str) -> String {
    clean(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_escapes_and_bidi_overrides_are_removed() {
        let cases = [
            ("\u{1b}[31m张三\u{1b}[0m", "[31m张三[0m"),
            ("张\u{202E}三", "张三"),
            ("a\u{2066}b\u{2069}c", "abc"),
            ("nul\u{0}here", "nulhere"),
            ("c1\u{85}\u{9b}x", "c1x"),
            ("  王\t五\n ", "王 五"),
            ("bell\u{7}", "bell"),
            ("\u{FEFF}于营", "于营"),
            ("于\u{200B}营", "于营"),
            ("于\u{200C}\u{200D}营\u{2060}", "于营"),
            ("撤并\u{2028}学校\u{2029}", "撤并学校"),
        ];
        for (input, want) in cases {
            let got = clean_line(input);
            assert_eq!(got, want, "{input:?}");
            assert!(!got.chars().any(is_forbidden));
        }
    }

    #[test]
    fn escaped_text_keeps_one_line_and_no_escape_character() {
        let forged = "e.jsonl\n2026-12-01 08:00  hejun  export \u{1b}]0;x\u{7}\u{202E}";
        let shown = escape_controls(forged);
        assert_eq!(
            shown,
            "e.jsonl\\n2026-12-01 08:00  hejun  export \\u{1b}]0;x\\u{7}\\u{202e}"
        );
        assert!(!shown.chars().any(is_forbidden));
        assert_eq!(escape_controls("撤并学校 e.jsonl"), "撤并学校 e.jsonl");
    }

    #[test]
    fn ordinary_chinese_text_is_untouched() {
        for s in [
            "撤并学校，上学不便。",
            "阿依古丽·买买提",
            "（已答复）“三无”",
            "Zhang San",
        ] {
            assert_eq!(clean_line(s), s);
        }
    }

    #[test]
    fn notes_keep_their_lines() {
        assert_eq!(
            clean_multiline("第一行\r\n第二行\u{1b}\n\n"),
            "第一行\n第二行"
        );
    }
}
