//! Import of JSON Lines v1 (docs/interchange.md): read everything, validate everything,
//! report every problem as `FILE:LINE: field: message`, and write only when the
//! whole run is clean.

pub mod already;
mod cases;
mod commit;
mod context;
mod ledger;
mod lines;
pub mod parse;
mod resolve;
mod spill;
mod staging;

pub use parse::{MAX_LINES, MAX_LINE_BYTES, MAX_PROBLEMS};
// A restore validates a backup's records as an import does, then writes
// them under their original numbers itself.
pub(crate) use commit::write_cases;
pub(crate) use parse::parse_line;
pub(crate) use parse::LineSink;
pub(crate) use resolve::{plan, Plan, Records, RefWrite};
pub(crate) use spill::{Groups, Reading};
pub(crate) use staging::Staged;

use super::{Desk, Result, ServiceError};
use crate::domain::permit::Duty;
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Where a line came from: the index of its file in this run, and its number.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    pub file: u16,
    pub line: u32,
}

/// One problem found in an import, located by line and field.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub file: String,
    pub pos: Pos,
    pub field: String,
    pub message: String,
}

impl Problem {
    /// A problem whose file name is filled in when the run is reported.
    pub fn at(pos: Pos, field: &str, message: String) -> Problem {
        Problem {
            file: String::new(),
            pos,
            field: field.to_string(),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.pos.line, self.field, self.message
        )
    }
}

pub fn format_problems(problems: &[Problem]) -> String {
    let mut out = problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    out.push_str(&format!(
        "\nimport refused: {} problem(s); nothing was imported",
        problems.len()
    ));
    out
}

/// What an import added or changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportSummary {
    pub reference: usize,
    pub petitioners: usize,
    pub matters: usize,
    pub contacts: usize,
    pub events: usize,
    /// Key cases, their logs and statuses, supervision letters and
    /// reception days.
    #[serde(default)]
    pub case_lines: usize,
    /// Lines accepted with a warning (e.g. a phone number that is not a mobile).
    pub warnings: Vec<Problem>,
}

impl ImportSummary {
    pub fn records(&self) -> usize {
        self.reference
            + self.petitioners
            + self.matters
            + self.contacts
            + self.events
            + self.case_lines
    }
}

impl Desk {
    /// Imports interchange files, all or nothing. Only admins import.
    pub fn import(&self, files: &[PathBuf]) -> Result<ImportSummary> {
        let mut sources: Vec<(String, Box<dyn BufRead>)> = Vec::new();
        for path in files {
            let file = std::fs::File::open(path).map_err(|e| ServiceError::Io {
                path: path.clone(),
                source: e,
            })?;
            sources.push((
                path.display().to_string(),
                Box::new(BufReader::with_capacity(1 << 16, file)),
            ));
        }
        self.import_sources(sources)
    }

    /// Imports named streams of interchange lines, all or nothing.
    pub fn import_sources(
        &self,
        sources: Vec<(String, Box<dyn BufRead>)>,
    ) -> Result<ImportSummary> {
        self.require(Duty::Administer, super::deed::IMPORT)?;
        let mut problems = Vec::new();
        let mut names = Vec::with_capacity(sources.len());
        // Spills go beside the database: the disk its admin chose for it.
        let spill_dir = self.store().path().parent().unwrap_or(Path::new("."));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ServiceError::Io { path, source }
        };
        let mut read = spill::Reading::new(spill_dir);
        for (i, (name, reader)) in sources.into_iter().enumerate() {
            if problems.len() > parse::MAX_PROBLEMS {
                names.push(name);
                continue;
            }
            let done = parse::read_lines(reader, i as u16, &mut read, &mut problems);
            if let Some(e) = read.spill_error.take() {
                return Err(io(spill_dir)(e));
            }
            done.map_err(io(Path::new(&name)))?;
            names.push(name);
        }
        // Where each record line is, for a refusal naming those already there.
        let records = std::mem::take(&mut read.records);
        let lines = read.into_groups().map_err(io(spill_dir))?;
        let name_all = |mut ps: Vec<Problem>| {
            ps.sort_by_key(|p| p.pos);
            for p in &mut ps {
                p.file = names[usize::from(p.pos.file)].clone();
            }
            ps
        };
        // Held from planning to writing: the plan reads counters and stored
        // matters, and no other writer of this process may change them before
        // the plan is written.
        let guard = self.store().lock_writes()?;
        // Validate what did parse too, so one run reports every problem.
        let (store, today, me) = (self.store(), self.today(), &self.user().login);
        let mut already = already::Already::default();
        // The petitioners and matters go to the bulk write as they are
        // built; it writes nothing unless committed.
        let mut bulk = crate::store::BulkWrite::new(store, spill_dir)?;
        let plan = resolve::plan(
            store,
            &*lines,
            today,
            me,
            &mut problems,
            &mut already,
            spill_dir,
            &mut bulk,
        )?;
        // Lines missing from what was judged would be missing from the database.
        lines.check().map_err(io(spill_dir))?;
        drop(lines);
        let mut plan = match plan {
            Some(plan) if problems.is_empty() => plan,
            // Imported before: which lines, not a problem for each of them.
            _ if already.explains(&problems) => {
                let overlaps = already::overlaps(&already, &records, &names);
                return Err(ServiceError::AlreadyThere(overlaps));
            }
            _ => return Err(ServiceError::Import(name_all(problems))),
        };
        drop(records);
        let mut summary = plan.summary();
        summary.warnings = name_all(std::mem::take(&mut summary.warnings));
        commit::write(self, plan, &names, bulk)?;
        drop(guard);
        self.store().flush()?;
        Ok(summary)
    }
}
