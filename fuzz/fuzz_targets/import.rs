//! Interchange files as bytes: every line is read or refused at its own
//! number, saying why without control characters; a line read comes back
//! the same from its own JSON; nothing panics, whatever the bytes (invalid
//! UTF-8, controls, deep nesting).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xfdesk::service::import::parse::{parse_line, read_lines};

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    read_lines(data, 0, &mut out, &mut problems).expect("reading memory");
    let lines = data.split(|b| *b == b'\n').count() as u32;
    for p in &problems {
        assert!((1..=lines).contains(&p.pos.line), "{p}");
        assert!(!p.field.is_empty() && !p.message.is_empty(), "{p}");
        // Problems are printed: nothing from the file reaches a terminal raw.
        let shown = format!("{}{}", p.field, p.message);
        assert!(
            !shown.chars().any(|c| c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{p:?}"
        );
    }
    for (pos, line) in out {
        assert!((1..=lines).contains(&pos.line));
        assert!(
            problems.iter().all(|p| p.pos != pos),
            "line {} read and refused",
            pos.line
        );
        let mut again = Vec::new();
        assert_eq!(parse_line(&line.to_json(), pos, &mut again), Some(line));
    }
});
