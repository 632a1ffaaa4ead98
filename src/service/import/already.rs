//! An import refused only because its lines are already in the database (a
//! file imported again, or one overlapping an earlier import): which lines,
//! said in a few ranges, instead of a problem for each of them.
//!
//! A line is already there when it is a petitioner with the ID number of
//! one on file, a matter with a ledger number already given, reference data
//! the database holds as it is, or a line that belongs to one of those (a
//! matter, contact or event of such a petitioner or matter).

use super::{Pos, Problem};
use std::collections::HashSet;

/// What validation notes as it reads: the lines already in the database,
/// and how many of its problems say only that.
#[derive(Default)]
pub struct Already {
    lines: Vec<Pos>,
    problems: usize,
}

impl Already {
    /// A line already there that is no problem by itself.
    pub(super) fn line(&mut self, pos: Pos) {
        self.lines.push(pos);
    }

    /// A line refused only for being there already.
    pub(super) fn problem(&mut self, pos: Pos) {
        self.problems += 1;
        self.lines.push(pos);
    }

    /// Whether the run was refused for nothing but lines already there.
    pub(super) fn explains(&self, problems: &[Problem]) -> bool {
        !problems.is_empty() && self.problems == problems.len()
    }
}

/// Runs named before the rest are left to "…".
const MAX_RUNS: usize = 5;

/// One file's lines already in the database.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Overlap {
    pub file: String,
    /// The first runs of lines already there, by their first and last line.
    pub runs: Vec<(u32, u32)>,
    /// More runs follow those.
    pub more: bool,
    pub lines: usize,
    /// The file's record lines (blank and comment lines are not counted).
    pub of: usize,
}

impl Overlap {
    fn push(&mut self, run: (u32, u32)) {
        if self.runs.len() < MAX_RUNS {
            self.runs.push(run);
        } else {
            self.more = true;
        }
    }

    /// "lines 1–3, 7, …": a run goes on across blank and comment lines.
    fn ranges(&self) -> String {
        let mut parts: Vec<String> = self
            .runs
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect();
        if self.more {
            parts.push("…".into());
        }
        let word = if self.lines == 1 { "line" } else { "lines" };
        format!("{word} {}", parts.join(", "))
    }
}

/// Each file's lines of `already`; `records` are the run's record lines in
/// file order, `names` its files.
pub(super) fn overlaps(already: &Already, records: &[Pos], names: &[String]) -> Vec<Overlap> {
    let there: HashSet<Pos> = already.lines.iter().copied().collect();
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let start = records.partition_point(|p| usize::from(p.file) < i);
        let end = records.partition_point(|p| usize::from(p.file) <= i);
        let mut o = Overlap {
            file: name.clone(),
            runs: Vec::new(),
            more: false,
            lines: 0,
            of: end - start,
        };
        let mut run: Option<(u32, u32)> = None;
        for p in &records[start..end] {
            if there.contains(p) {
                o.lines += 1;
                run = Some(run.map_or((p.line, p.line), |(a, _)| (a, p.line)));
            } else if let Some(r) = run.take() {
                o.push(r);
            }
        }
        if let Some(r) = run {
            o.push(r);
        }
        if o.lines > 0 {
            out.push(o);
        }
    }
    out
}

/// The refusal in words: each file's lines already there, then that
/// nothing was imported.
pub fn describe(overlaps: &[Overlap]) -> String {
    let said: Vec<String> = overlaps
        .iter()
        .map(|o| {
            let verb = if o.lines == 1 { "is" } else { "are" };
            format!(
                "{}: {} ({} of {}) {verb} already in the database",
                o.file,
                o.ranges(),
                o.lines,
                o.of
            )
        })
        .collect();
    let why =
        "same ID numbers or ledger numbers, reference data as it is, or lines that belong to those";
    // Only part there: the rest may be new lines for people or matters on file.
    let hint = if overlaps.iter().any(|o| o.lines < o.of) {
        "; to add to a petitioner or matter on file, name it by its ID number or ledger number instead of repeating its line"
    } else {
        ""
    };
    match said.as_slice() {
        [one] => format!("{one} ({why}); nothing was imported{hint}"),
        _ => format!(
            "{}\nimport refused: those lines are already in the database ({why}); nothing was imported{hint}",
            said.join("\n")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(file: u16, line: u32) -> Pos {
        Pos { file, line }
    }

    #[test]
    fn runs_go_on_across_skipped_lines_and_stop_at_a_new_line_and_at_a_file_end() {
        // File 0 has record lines 1, 2, 4 (3 is blank), 5, 6; file 1 has 1, 2.
        let records = [
            pos(0, 1),
            pos(0, 2),
            pos(0, 4),
            pos(0, 5),
            pos(0, 6),
            pos(1, 1),
            pos(1, 2),
        ];
        let mut a = Already::default();
        for p in [
            pos(0, 1),
            pos(0, 2),
            pos(0, 4),
            pos(0, 6),
            pos(1, 1),
            pos(1, 2),
        ] {
            a.line(p);
        }
        let o = overlaps(&a, &records, &["a".into(), "b".into()]);
        assert_eq!(o[0].runs, vec![(1, 4), (6, 6)]);
        assert_eq!((o[0].lines, o[0].of), (4, 5));
        assert_eq!(o[1].runs, vec![(1, 2)]);
        assert_eq!(
            describe(&o),
            "a: lines 1–4, 6 (4 of 5) are already in the database\nb: lines 1–2 (2 of 2) are already in the database\nimport refused: those lines are already in the database (same ID numbers or ledger numbers, reference data as it is, or lines that belong to those); nothing was imported; to add to a petitioner or matter on file, name it by its ID number or ledger number instead of repeating its line"
        );
    }

    #[test]
    fn past_five_runs_the_rest_is_an_ellipsis() {
        let records: Vec<Pos> = (1..=20).map(|l| pos(0, l)).collect();
        let mut a = Already::default();
        for l in (1..=20).step_by(2) {
            a.line(pos(0, l));
        }
        let o = overlaps(&a, &records, &["f".into()]);
        assert_eq!(
            describe(&o),
            "f: lines 1, 3, 5, 7, 9, … (10 of 20) are already in the database (same ID numbers or ledger numbers, reference data as it is, or lines that belong to those); nothing was imported; to add to a petitioner or matter on file, name it by its ID number or ledger number instead of repeating its line"
        );
    }
}
