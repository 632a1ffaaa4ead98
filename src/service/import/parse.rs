//! Reading interchange files into typed lines, with every problem located.

use super::{Pos, Problem};
use crate::interchange::{
    CodeNameLine, ContactLine, EventLine, Line, MatterLine, NoticeLine, PetitionerLine, StaffLine,
    TownLine, VillageLine,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::io::{BufRead, Read};

/// Longest line accepted; real lines are a few hundred bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Problems gathered before an import stops reading: a file this wrong is the
/// wrong file, and its problems must not fill memory.
pub const MAX_PROBLEMS: usize = 1000;

/// Lines one import takes (a county's whole history at 1M contacts is 3.3M);
/// the import keeps a few bytes of each line in memory until it writes.
pub const MAX_LINES: usize = 20_000_000;

/// The field named in serde's "unknown field `NAME`, expected …" (or "…,
/// there are no fields") and "missing field `NAME`"; the name may hold
/// backticks itself.
fn quoted(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let rest = &msg[start..];
    let len = rest
        .find("`, expected")
        .or_else(|| rest.find("`, there are no fields"))
        .or_else(|| rest.strip_suffix('`').map(str::len))?;
    Some(&rest[..len])
}

/// A field name from a file as a problem shows it: as written when it is
/// plain text, else quoted with its control characters escaped, so that even
/// an empty name is seen and nothing in a file reaches the terminal raw.
fn shown_field(name: &str) -> String {
    if !name.is_empty() && crate::domain::text::clean_line(name) == name {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

fn typed<T: DeserializeOwned>(
    obj: Map<String, Value>,
    pos: Pos,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(Value::Object(obj)) {
        Ok(v) => Some(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            let (field, message) = if inner.starts_with("unknown field") {
                (
                    quoted(&inner).map_or("?".into(), shown_field),
                    "unknown field".to_string(),
                )
            } else if inner.starts_with("missing field") {
                (
                    quoted(&inner).map_or("?".into(), shown_field),
                    "missing".to_string(),
                )
            } else {
                (
                    if path == "." {
                        "line".to_string()
                    } else {
                        path
                    },
                    inner,
                )
            };
            problems.push(Problem::at(pos, &field, message));
            None
        }
    }
}

/// Parses one non-blank, non-comment line.
pub fn parse_line(text: &str, pos: Pos, problems: &mut Vec<Problem>) -> Option<Line> {
    let mut obj: Map<String, Value> = match serde_json::from_str(text) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            problems.push(Problem::at(pos, "line", "not a JSON object".into()));
            return None;
        }
        Err(e) => {
            problems.push(Problem::at(pos, "line", format!("invalid JSON: {e}")));
            return None;
        }
    };
    let ty = match obj.remove("type") {
        Some(Value::String(t)) => t,
        Some(_) => {
            problems.push(Problem::at(pos, "type", "must be a string".into()));
            return None;
        }
        None => {
            problems.push(Problem::at(pos, "type", "missing".into()));
            return None;
        }
    };
    let p = problems;
    Some(match ty.as_str() {
        "town" => Line::Town(typed::<TownLine>(obj, pos, p)?),
        "village" => Line::Village(typed::<VillageLine>(obj, pos, p)?),
        "unit" => Line::Unit(typed::<CodeNameLine>(obj, pos, p)?),
        "category" => Line::Category(typed::<CodeNameLine>(obj, pos, p)?),
        "staff" => Line::Staff(typed::<StaffLine>(obj, pos, p)?),
        "petitioner" => Line::Petitioner(typed::<PetitionerLine>(obj, pos, p)?),
        "matter" => Line::Matter(typed::<MatterLine>(obj, pos, p)?),
        "contact" => Line::Contact(typed::<ContactLine>(obj, pos, p)?),
        "event" => Line::Event(typed::<EventLine>(obj, pos, p)?),
        "notice" => Line::Notice(typed::<NoticeLine>(obj, pos, p)?),
        "case" => Line::Case(typed(obj, pos, p)?),
        "case_log" => Line::CaseLog(typed(obj, pos, p)?),
        "case_status" => Line::CaseStatus(typed(obj, pos, p)?),
        "supervision" => Line::Supervision(typed(obj, pos, p)?),
        "reception_day" => Line::ReceptionDay(typed(obj, pos, p)?),
        other => {
            p.push(Problem::at(
                pos,
                "type",
                format!("unknown type {other:?} (expected town, village, unit, category, staff, petitioner, matter, contact, event, notice, case, case_log, case_status, supervision or reception_day)"),
            ));
            return None;
        }
    })
}

/// Where read lines go: held (a test, a small file) or spilled to disk.
pub trait LineSink {
    fn take(&mut self, pos: Pos, line: Line) -> std::io::Result<()>;
    /// How many lines were taken.
    fn taken(&self) -> usize;
}

impl LineSink for Vec<(Pos, Line)> {
    fn take(&mut self, pos: Pos, line: Line) -> std::io::Result<()> {
        self.push((pos, line));
        Ok(())
    }

    fn taken(&self) -> usize {
        self.len()
    }
}

/// Reading stops after too many problems or lines.
fn reason_to_stop(out: &impl LineSink, problems: &[Problem]) -> Option<String> {
    if problems.len() >= MAX_PROBLEMS {
        Some(format!(
            "stopped reading here: more than {MAX_PROBLEMS} problems"
        ))
    } else if out.taken() >= MAX_LINES {
        Some(format!(
            "stopped reading here: one import takes at most {MAX_LINES} lines; split the file"
        ))
    } else {
        None
    }
}

/// Skips the rest of an over-long line without holding it in memory.
fn skip_rest_of_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<()> {
    loop {
        buf.clear();
        let m = reader
            .by_ref()
            .take(MAX_LINE_BYTES as u64)
            .read_until(b'\n', buf)?;
        if m == 0 || buf.ends_with(b"\n") {
            return Ok(());
        }
    }
}

/// Reads every line of one file; lines that fail become problems.
pub fn read_lines(
    reader: impl BufRead,
    file: u16,
    out: &mut impl LineSink,
    problems: &mut Vec<Problem>,
) -> std::io::Result<()> {
    let mut reader = reader;
    let mut buf = Vec::new();
    let mut line_no: u32 = 0;
    loop {
        buf.clear();
        let n = reader
            .by_ref()
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        let pos = Pos {
            file,
            line: line_no,
        };
        if let Some(message) = reason_to_stop(out, problems) {
            problems.push(Problem::at(pos, "file", message));
            return Ok(());
        }
        if buf.len() > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
            problems.push(Problem::at(
                pos,
                "line",
                format!("longer than {MAX_LINE_BYTES} bytes"),
            ));
            skip_rest_of_line(&mut reader, &mut buf)?;
            continue;
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t.trim_end_matches(['\n', '\r']),
            Err(e) => {
                problems.push(Problem::at(
                    pos,
                    "line",
                    format!("not UTF-8 (byte {})", e.valid_up_to()),
                ));
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() || text.trim_start().starts_with('#') {
            continue;
        }
        if let Some(line) = parse_line(text, pos, problems) {
            out.take(pos, line)?;
        }
    }
}
