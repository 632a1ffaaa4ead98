//! Reading a backup: every line checked, the closing counts and CRC verified.

use crate::domain::{AuditEntry, Ts};
use crate::interchange::{Line, StaffLine};
use crate::service::backup::{parse_ts, BackupLine, Crc32, End, Header, Settings, FORMAT};
use crate::service::import::{parse_line, LineSink, Pos, Problem, Reading, Staged};
use crate::service::{Result, ServiceError};
use crate::store::Counter;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Longest line read: a matter's `contact_ids` grows with its contacts.
const MAX_LINE: usize = 16 << 20;

/// Everything read from a backup, checked line by line. The records'
/// lines and the audit trail are spilled past a size (nameless 0600 files
/// in `dir`), as an import's lines are: a decade's backup is not held.
pub(super) struct Loaded {
    pub(super) header: Header,
    pub(super) settings: Option<(Pos, Settings)>,
    pub(super) lines: Reading,
    /// The staff lines again, to admit the admin restoring.
    pub(super) staff: Vec<StaffLine>,
    pub(super) events: usize,
    /// The original number of each petitioner line, in file order.
    pub(super) petitioner_ids: Vec<(Pos, u64)>,
    /// The matter ref of each contact line, in file order.
    pub(super) contact_matters: Vec<String>,
    pub(super) contact_ids: Vec<(Pos, crate::service::backup::ContactIds)>,
    /// (number, entry) of each audit line, in order.
    pub(super) audit: Staged,
    pub(super) audit_entries: usize,
    last_audit: u64,
    dir: PathBuf,
    pub(super) drafts: Vec<(String, crate::service::drafts::Draft)>,
    pub(super) counters: Vec<(Counter, u64)>,
    pub(super) problems: Vec<Problem>,
    pub(super) total_lines: u64,
}

/// `SRC:LINE: message`, as one line.
pub(super) fn at(src: &str, line: u32, message: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(format!("{src}:{line}: {message}"))
}

/// The time in field `what` of line `line`, refused by name when it is not one.
fn time_at(src: &str, line: u32, what: &str, text: &str) -> Result<Ts> {
    parse_ts(text).ok_or_else(|| {
        at(
            src,
            line,
            format!("{what}: {text:?} is not an RFC 3339 time"),
        )
    })
}

/// The `type` of a line written by xfdesk (`{"type":"…",`), else of any
/// JSON object; `None` when it has none.
fn type_of(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("{\"type\":\"") {
        if let Some(end) = rest.find('"') {
            return Some(rest[..end].to_string());
        }
    }
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("type")?.as_str().map(str::to_string)
}

const EXPORT_KINDS: &[&str] = &[
    "town",
    "village",
    "unit",
    "category",
    "staff",
    "petitioner",
    "matter",
    "contact",
    "event",
    "notice",
    "case",
    "case_log",
    "case_status",
    "supervision",
    "reception_day",
];

/// Reads and verifies a whole backup: its header first, its closing line
/// last, the count and checksum of everything between.
pub(super) fn read_backup(reader: impl Read, src: &str, dir: &Path) -> Result<Loaded> {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut buf = Vec::new();
    let mut line_no: u32 = 0;
    let mut tally = Tally::default();
    let mut end: Option<(u32, End)> = None;
    let mut out: Option<Loaded> = None;
    while read_line(&mut reader, &mut buf, src, line_no + 1)? {
        line_no += 1;
        if let Some((end_line, _)) = &end {
            return Err(at(
                src,
                line_no,
                format!("a line after the closing line {end_line}: the backup is damaged"),
            ));
        }
        let (text, kind) = line_text(&buf, src, line_no)?;
        if line_no == 1 {
            out = Some(read_header(text, &kind, src, dir)?);
            tally.add(&buf, kind);
            continue;
        }
        let r = out.as_mut().expect("the header was read");
        if kind == "end" {
            end = Some((line_no, read_end(text, src, line_no)?));
            continue;
        }
        tally.add(&buf, kind.clone());
        let pos = Pos {
            file: 0,
            line: line_no,
        };
        if EXPORT_KINDS.contains(&kind.as_str()) {
            take_export_line(r, text, pos)?;
        } else {
            take_backup_line(r, text, &kind, src, pos)?;
        }
    }
    let Some(r) = out else {
        return Err(ServiceError::Invalid(format!(
            "{src}: empty: not an xfdesk backup"
        )));
    };
    let Some((end_line, end)) = end else {
        return Err(at(src, line_no, "the backup ends here without its closing line: it is truncated (a backup cut short by a full disk or a copy stopped early); use an earlier backup"));
    };
    verify(r, (end_line, end), &tally, src)
}

/// What the closing line vouches for: the lines before it, by type, and
/// their CRC-32.
#[derive(Default)]
struct Tally {
    crc: Crc32,
    counts: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, line: &[u8], kind: String) {
        self.crc.update(line);
        *self.counts.entry(kind).or_default() += 1;
    }
}

/// Reads line `line_no` into `buf`, its newline included; false at the end
/// of the file. A line too long or cut short is refused.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    src: &str,
    line_no: u32,
) -> Result<bool> {
    buf.clear();
    let n = reader
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', buf)
        .map_err(|e| ServiceError::Io {
            path: src.into(),
            source: e,
        })?;
    if n == 0 {
        return Ok(false);
    }
    if !buf.ends_with(b"\n") {
        if buf.len() > MAX_LINE {
            return Err(at(
                src,
                line_no,
                format!("longer than {MAX_LINE} bytes: this is not a backup, or it is damaged"),
            ));
        }
        return Err(at(src, line_no, "the line is cut short (the file ends inside it): the backup is truncated; use an earlier backup"));
    }
    Ok(true)
}

/// A line's text, without its line end, and its type.
fn line_text<'b>(buf: &'b [u8], src: &str, line_no: u32) -> Result<(&'b str, String)> {
    let text = std::str::from_utf8(&buf[..buf.len() - 1]).map_err(|e| {
        at(
            src,
            line_no,
            format!(
                "not UTF-8 (byte {}): the backup is damaged",
                e.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_suffix('\r').unwrap_or(text);
    let Some(kind) = type_of(text) else {
        return Err(at(
            src,
            line_no,
            "not a JSON object with a type: the backup is damaged",
        ));
    };
    Ok((text, kind))
}

fn read_end(text: &str, src: &str, line_no: u32) -> Result<End> {
    match serde_json::from_str::<BackupLine>(text) {
        Ok(BackupLine::End(e)) => Ok(e),
        Ok(_) => unreachable!("the type is end"),
        Err(e) => Err(at(
            src,
            line_no,
            format!("the closing line is damaged: {e}"),
        )),
    }
}

/// A line of the interchange format: kept for the import that rebuilds the
/// records, with the original number of each petitioner and the matter of
/// each contact. Its problems are gathered, not refused at once.
fn take_export_line(r: &mut Loaded, text: &str, pos: Pos) -> Result<()> {
    let Some(line) = parse_line(text, pos, &mut r.problems) else {
        return Ok(());
    };
    match &line {
        Line::Petitioner(p) => match p
            .reference
            .strip_prefix('p')
            .and_then(|n| n.parse::<u64>().ok())
        {
            Some(id) if id > 0 => r.petitioner_ids.push((pos, id)),
            _ => r.problems.push(Problem::at(
                pos,
                "ref",
                format!(
                    "{:?} is not p and a number, as a backup names petitioners",
                    p.reference
                ),
            )),
        },
        Line::Contact(c) => r.contact_matters.push(c.matter.clone()),
        Line::Staff(s) => r.staff.push(s.clone()),
        Line::Event(_) => r.events += 1,
        _ => {}
    }
    let dir = &r.dir;
    r.lines.take(pos, line).map_err(|source| ServiceError::Io {
        path: dir.clone(),
        source,
    })
}

/// A line only backups have: settings, contact numbers, the audit trail,
/// drafts and counters.
fn take_backup_line(r: &mut Loaded, text: &str, kind: &str, src: &str, pos: Pos) -> Result<()> {
    let line_no = pos.line;
    let parsed: BackupLine =
        serde_json::from_str(text).map_err(|e| at(src, line_no, format!("{kind} line: {e}")))?;
    match parsed {
        BackupLine::Backup(_) => {
            return Err(at(
                src,
                line_no,
                "a second backup header: the file is two backups run together, or damaged",
            ))
        }
        BackupLine::Settings(s) => {
            if r.settings.is_some() {
                return Err(at(src, line_no, "a second settings line"));
            }
            r.settings = Some((pos, s));
        }
        BackupLine::ContactIds(c) => r.contact_ids.push((pos, c)),
        BackupLine::Audit(a) => {
            let when = time_at(src, line_no, "audit: at", &a.at)?;
            if a.seq <= r.last_audit {
                return Err(at(
                    src,
                    line_no,
                    format!("audit: seq {} does not follow the entry before it", a.seq),
                ));
            }
            let entry = AuditEntry {
                at: when,
                by: a.by,
                record: a.record,
                what: a.what,
            };
            r.last_audit = a.seq;
            r.audit_entries += 1;
            let dir = &r.dir;
            r.audit
                .push(0, &(a.seq, entry))
                .map_err(|source| ServiceError::Io {
                    path: dir.clone(),
                    source,
                })?;
        }
        BackupLine::Draft(d) => {
            let saved_at = time_at(src, line_no, "draft: saved_at", &d.saved_at)?;
            let draft = crate::service::drafts::Draft {
                saved_at,
                fields: d.fields,
            };
            r.drafts.push((d.login, draft));
        }
        BackupLine::Counter(c) => {
            let Some(counter) = Counter::parse(&c.name) else {
                return Err(at(
                    src,
                    line_no,
                    format!("counter: {:?} is not a counter of xfdesk", c.name),
                ));
            };
            r.counters.push((counter, c.value));
        }
        BackupLine::End(_) => unreachable!("handled by the caller"),
    }
    Ok(())
}

/// Refuses a backup whose lines have problems, or whose closing line does
/// not vouch for the lines before it.
fn verify(mut r: Loaded, (end_line, end): (u32, End), tally: &Tally, src: &str) -> Result<Loaded> {
    // Lines that name their own problem first (a damaged line is one of them).
    if !r.problems.is_empty() {
        return Err(refused(std::mem::take(&mut r.problems), src));
    }
    if end.counts != tally.counts || end.lines != u64::from(end_line - 1) {
        let diff = count_differences(&end, &tally.counts, end_line);
        return Err(at(src, end_line, format!("the closing line does not match the lines before it ({diff}): lines are missing or were added")));
    }
    if end.crc32 != tally.crc.hex() {
        return Err(at(src, end_line, format!("the checksum of the lines before the closing line is {}, but the backup was written with {}: a line was changed after the backup was taken; use an earlier backup", tally.crc.hex(), end.crc32)));
    }
    r.total_lines = u64::from(end_line);
    Ok(r)
}

/// How the lines found differ from those the closing line counts.
fn count_differences(end: &End, counts: &BTreeMap<String, u64>, end_line: u32) -> String {
    let mut diff = Vec::new();
    let kinds: BTreeSet<&String> = end.counts.keys().chain(counts.keys()).collect();
    for k in kinds {
        let (want, got) = (
            end.counts.get(k).copied().unwrap_or(0),
            counts.get(k).copied().unwrap_or(0),
        );
        if want != got {
            diff.push(format!("{want} {k} lines written, {got} found"));
        }
    }
    if diff.is_empty() {
        diff.push(format!(
            "{} lines written, {} found",
            end.lines,
            end_line - 1
        ));
    }
    diff.join(", ")
}

/// The first line: a backup header of a format this release reads.
fn read_header(text: &str, kind: &str, src: &str, dir: &Path) -> Result<Loaded> {
    if kind != "backup" {
        let what = if EXPORT_KINDS.contains(&kind) {
            "it is an interchange file (xfdesk export), not a backup; bring one in with xfdesk import"
        } else {
            "not an xfdesk backup (its first line is not a backup header)"
        };
        return Err(at(src, 1, what));
    }
    // The version first, before the rest of the line is held to this release.
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| at(src, 1, format!("the header is damaged: {e}")))?;
    let format = v.get("format").and_then(|f| f.as_u64());
    match format {
        Some(f) if f > u64::from(FORMAT) => {
            let by = v
                .get("xfdesk")
                .and_then(|x| x.as_str())
                .unwrap_or("a newer release");
            return Err(at(src, 1, format!("backup format {f} (written by xfdesk {by}) is newer than this xfdesk {} reads (format {FORMAT}); restore it with xfdesk {by} or later", env!("CARGO_PKG_VERSION"))));
        }
        Some(f) if f >= 1 => {}
        _ => {
            return Err(at(
                src,
                1,
                "the header has no valid format number: the backup is damaged",
            ))
        }
    }
    let header = match serde_json::from_str::<BackupLine>(text) {
        Ok(BackupLine::Backup(h)) => h,
        Ok(_) => unreachable!("the type is backup"),
        Err(e) => return Err(at(src, 1, format!("the header is damaged: {e}"))),
    };
    Ok(Loaded {
        header,
        settings: None,
        lines: Reading::new(dir),
        staff: Vec::new(),
        events: 0,
        petitioner_ids: Vec::new(),
        contact_matters: Vec::new(),
        contact_ids: Vec::new(),
        audit: Staged::new(dir, 1),
        audit_entries: 0,
        last_audit: 0,
        dir: dir.to_path_buf(),
        drafts: Vec::new(),
        counters: Vec::new(),
        problems: Vec::new(),
        total_lines: 0,
    })
}

/// Every problem as `SRC:LINE: field: message`, then what it means.
pub(super) fn refused(mut problems: Vec<Problem>, src: &str) -> ServiceError {
    problems.sort_by_key(|p| p.pos);
    let mut lines: Vec<String> = problems
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.file = src.to_string();
            p.to_string()
        })
        .collect();
    if lines.len() == 1 {
        return ServiceError::Invalid(format!(
            "{}; restore refused, nothing was restored",
            lines[0]
        ));
    }
    lines.push(format!(
        "restore refused: {} problems in the backup; nothing was restored",
        problems.len()
    ));
    ServiceError::Invalid(lines.join("\n"))
}
