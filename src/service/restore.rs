//! `xfdesk restore`: a new database from a backup (see `backup` for the
//! file). Only into a path that does not exist or is an empty directory; the
//! database is built beside it (`DEST.restoring`), checked as `xfdesk check`
//! does, and renamed into place only when whole and sound.
//!
//! The records go through the import's validation (every problem named
//! `FILE:LINE: field: message`), then keep the numbers they had: petitioners
//! those of their refs, contacts those of `contact_ids`. The audit trail,
//! drafts, counters and settings are written as they were, and one new audit
//! entry records the restore. Derived facts (indexes, repeat and skip-level
//! flags) are derived again.

use super::backup::{parse_ts, BackupLine, Crc32, End, Header, Settings, FORMAT, RESTORE_RECORD};
use super::import::{parse_line, plan, Plan, Pos, Problem, RefWrite};
use super::{Desk, Result, ServiceError};
use crate::domain::derive::derive_contact_flags;
use crate::domain::period::MAX_START_DAY;
use crate::domain::{AuditEntry, Role, Ts};
use crate::interchange::Line;
use crate::store::keys::u64_key;
use crate::store::{OpenOptions, Store, WriteSet, T};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::{Date, UtcOffset};

/// Longest line read: a matter's `contact_ids` grows with its contacts.
const MAX_LINE: usize = 16 << 20;

/// What a restore brought back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Lines of the backup, the closing one included.
    pub lines: u64,
    pub header: Option<Header>,
    pub petitioners: usize,
    pub matters: usize,
    pub contacts: usize,
    pub events: usize,
    /// Audit entries of the backup (the restore's own is one more).
    pub audit: usize,
    /// What the check counted in the new database.
    pub records: usize,
    pub index_entries: usize,
}

/// Everything read from a backup, checked line by line.
struct Loaded {
    header: Header,
    settings: Option<(Pos, Settings)>,
    lines: Vec<(Pos, Line)>,
    /// The original number of each petitioner line, in file order.
    petitioner_ids: Vec<(Pos, u64)>,
    /// The matter ref of each contact line, in file order.
    contact_matters: Vec<String>,
    contact_ids: Vec<(Pos, super::backup::ContactIds)>,
    audit: Vec<(u64, AuditEntry)>,
    drafts: Vec<(String, super::drafts::Draft)>,
    counters: Vec<(String, u64)>,
    problems: Vec<Problem>,
    total_lines: u64,
}

/// `SRC:LINE: message`, as one line.
fn at(src: &str, line: u32, message: impl std::fmt::Display) -> ServiceError {
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
];

/// Reads and verifies a whole backup: its header first, its closing line
/// last, the count and checksum of everything between.
fn read_backup(reader: impl Read, src: &str) -> Result<Loaded> {
    let io = |e: std::io::Error| ServiceError::Io {
        path: src.into(),
        source: e,
    };
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut buf = Vec::new();
    let mut line_no: u32 = 0;
    let mut crc = Crc32::default();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut end: Option<(u32, End)> = None;
    let mut out: Option<Loaded> = None;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(io)?;
        if n == 0 {
            break;
        }
        line_no += 1;
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
        if let Some((end_line, _)) = &end {
            return Err(at(
                src,
                line_no,
                format!("a line after the closing line {end_line}: the backup is damaged"),
            ));
        }
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
        if line_no == 1 {
            out = Some(read_header(text, &kind, src)?);
            crc.update(&buf);
            *counts.entry(kind).or_default() += 1;
            continue;
        }
        let r = out.as_mut().expect("the header was read");
        let pos = Pos {
            file: 0,
            line: line_no,
        };
        if kind == "end" {
            match serde_json::from_str::<BackupLine>(text) {
                Ok(BackupLine::End(e)) => end = Some((line_no, e)),
                Ok(_) => unreachable!("the type is end"),
                Err(e) => {
                    return Err(at(
                        src,
                        line_no,
                        format!("the closing line is damaged: {e}"),
                    ))
                }
            }
            continue;
        }
        crc.update(&buf);
        *counts.entry(kind.clone()).or_default() += 1;
        if EXPORT_KINDS.contains(&kind.as_str()) {
            let Some(line) = parse_line(text, pos, &mut r.problems) else {
                continue;
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
                _ => {}
            }
            r.lines.push((pos, line));
            continue;
        }
        let parsed: BackupLine = serde_json::from_str(text)
            .map_err(|e| at(src, line_no, format!("{kind} line: {e}")))?;
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
                if r.audit.last().is_some_and(|(seq, _)| *seq >= a.seq) || a.seq == 0 {
                    return Err(at(
                        src,
                        line_no,
                        format!("audit: seq {} does not follow the entry before it", a.seq),
                    ));
                }
                r.audit.push((
                    a.seq,
                    AuditEntry {
                        at: when,
                        by: a.by,
                        record: a.record,
                        what: a.what,
                    },
                ));
            }
            BackupLine::Draft(d) => {
                let saved_at = time_at(src, line_no, "draft: saved_at", &d.saved_at)?;
                r.drafts.push((
                    d.login,
                    super::drafts::Draft {
                        saved_at,
                        fields: d.fields,
                    },
                ));
            }
            BackupLine::Counter(c) => r.counters.push((c.name, c.value)),
            BackupLine::End(_) => unreachable!("handled above"),
        }
    }
    let Some(mut r) = out else {
        return Err(ServiceError::Invalid(format!(
            "{src}: empty: not an xfdesk backup"
        )));
    };
    let Some((end_line, end)) = end else {
        return Err(at(src, line_no, "the backup ends here without its closing line: it is truncated (a backup cut short by a full disk or a copy stopped early); use an earlier backup"));
    };
    // Lines that name their own problem first (a damaged line is one of them).
    if !r.problems.is_empty() {
        return Err(refused(std::mem::take(&mut r.problems), src));
    }
    if end.counts != counts || end.lines != u64::from(end_line - 1) {
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
        return Err(at(src, end_line, format!("the closing line does not match the lines before it ({}): lines are missing or were added", diff.join(", "))));
    }
    if end.crc32 != crc.hex() {
        return Err(at(src, end_line, format!("the checksum of the lines before the closing line is {}, but the backup was written with {}: a line was changed after the backup was taken; use an earlier backup", crc.hex(), end.crc32)));
    }
    r.total_lines = u64::from(end_line);
    Ok(r)
}

/// The first line: a backup header of a format this release reads.
fn read_header(text: &str, kind: &str, src: &str) -> Result<Loaded> {
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
        lines: Vec::new(),
        petitioner_ids: Vec::new(),
        contact_matters: Vec::new(),
        contact_ids: Vec::new(),
        audit: Vec::new(),
        drafts: Vec::new(),
        counters: Vec::new(),
        problems: Vec::new(),
        total_lines: 0,
    })
}

/// Every problem as `SRC:LINE: field: message`, then what it means.
fn refused(mut problems: Vec<Problem>, src: &str) -> ServiceError {
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

/// What is at the restore's destination now.
enum Dest {
    Absent,
    /// An empty directory: its mode and group go to the new database.
    Empty(std::fs::Metadata),
}

fn dest_state(dest: &Path) -> Result<Dest> {
    let shown = dest.display();
    match std::fs::symlink_metadata(dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Dest::Absent),
        Err(e) => Err(ServiceError::Io {
            path: dest.to_path_buf(),
            source: e,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(ServiceError::Invalid(format!(
            "{shown} is a symbolic link; restore into the directory itself, a new path or an empty directory; nothing was changed"
        ))),
        Ok(m) if !m.is_dir() => Err(ServiceError::Invalid(format!(
            "{shown} is a file; restore writes only into a new path or an empty directory; nothing was changed"
        ))),
        Ok(m) => {
            let mut entries = std::fs::read_dir(dest).map_err(|e| ServiceError::Io {
                path: dest.to_path_buf(),
                source: e,
            })?;
            if entries.next().is_some() {
                return Err(ServiceError::Invalid(format!(
                    "{shown} is not empty; restore writes only into a new path or an empty directory, so nothing was changed (name another --db, or move this directory aside first)"
                )));
            }
            Ok(Dest::Empty(m))
        }
    }
}

/// The directory the database is built in before it is renamed into place.
pub fn building_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".restoring");
    dest.with_file_name(name)
}

/// Restores the backup `src` into a new database at `dest`, as `login`, who
/// must be an active admin in the backup's staff list.
pub fn restore(src: &Path, dest: &Path, opts: &OpenOptions, login: &str) -> Result<Restored> {
    let dest_now = dest_state(dest)?;
    // Messages name the file as given; the audit entry names it whole.
    let shown_src = src.display().to_string();
    let whole_src = std::path::absolute(src).unwrap_or_else(|_| src.to_path_buf());
    let file = std::fs::File::open(src).map_err(|e| ServiceError::Io {
        path: src.to_path_buf(),
        source: e,
    })?;
    let backup = read_backup(file, &shown_src)?;
    admit(&backup, login, &shown_src)?;

    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| ServiceError::Io {
        path: parent.clone(),
        source: e,
    })?;
    let building = building_path(dest);
    if let Err(e) = std::fs::create_dir(&building) {
        return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
            ServiceError::Invalid(format!(
                "{} exists: another restore is running there, or one was interrupted; remove it and try again (nothing was changed)",
                building.display()
            ))
        } else {
            ServiceError::Io {
                path: building,
                source: e,
            }
        });
    }
    let built = build(
        &building, &dest_now, backup, opts, login, &shown_src, &whole_src,
    );
    let restored = match built {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(e);
        }
    };
    // Only now is anything put at `dest`: a directory rename, whole or not
    // at all (onto an empty directory too).
    if let Err(e) = std::fs::rename(&building, dest) {
        let _ = std::fs::remove_dir_all(&building);
        return Err(ServiceError::Io {
            path: dest.to_path_buf(),
            source: e,
        });
    }
    if let Ok(d) = std::fs::File::open(&parent) {
        let _ = d.sync_all();
    }
    Ok(restored)
}

/// Refuses a restore by anyone but an active admin of the backup's office.
fn admit(backup: &Loaded, login: &str, src: &str) -> Result<()> {
    let mut admins = Vec::new();
    let mut me = None;
    for (_, line) in &backup.lines {
        if let Line::Staff(s) = line {
            if s.role == Role::Admin.code() && !s.disabled {
                admins.push(s.login.clone());
            }
            if s.login == login {
                me = Some(s);
            }
        }
    }
    let ask = if admins.is_empty() {
        "it has no active admin".to_string()
    } else {
        format!("its active admins are {}", admins.join(", "))
    };
    match me {
        Some(s) if s.role == Role::Admin.code() && !s.disabled => Ok(()),
        Some(s) if s.disabled => Err(ServiceError::Invalid(format!(
            "{src}: staff login {login:?} is disabled in this backup; only an active admin of the backup's office may restore it ({ask})"
        ))),
        Some(s) => Err(ServiceError::Invalid(format!(
            "{src}: {login:?} is a {} in this backup; only an active admin of the backup's office may restore it ({ask})",
            s.role
        ))),
        None => Err(ServiceError::Invalid(format!(
            "{src}: Unix user {login:?} is not on this backup's staff list; only an active admin of the backup's office may restore it ({ask})"
        ))),
    }
}

fn parse_tz(s: &str) -> Option<UtcOffset> {
    UtcOffset::parse(
        s,
        time::macros::format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
    )
    .ok()
}

/// Builds the database in `path` (an empty directory) and checks it.
fn build(
    path: &Path,
    dest_now: &Dest,
    backup: Loaded,
    opts: &OpenOptions,
    login: &str,
    src: &str,
    whole_src: &Path,
) -> Result<Restored> {
    if let Dest::Empty(m) = dest_now {
        // The directory the admin made (its group is the office's, for the
        // server's socket) keeps its mode and group.
        use std::os::unix::fs::MetadataExt;
        std::fs::set_permissions(path, m.permissions()).map_err(|e| ServiceError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        std::os::unix::fs::chown(path, None, Some(m.gid())).map_err(|e| ServiceError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    }
    let Loaded {
        header,
        settings,
        lines,
        petitioner_ids,
        contact_matters,
        contact_ids,
        audit,
        drafts,
        counters,
        total_lines,
        ..
    } = backup;
    let Some((settings_pos, settings)) = settings else {
        return Err(ServiceError::Invalid(format!(
            "{src}: no settings line: the backup is damaged"
        )));
    };
    let setting_err = |what: String| at(src, settings_pos.line, format!("settings: {what}"));
    let tz = parse_tz(&settings.tz).ok_or_else(|| {
        setting_err(format!(
            "tz: {:?} is not an offset such as +08:00",
            settings.tz
        ))
    })?;
    let mut holidays = BTreeSet::new();
    for h in &settings.holidays {
        let d = Date::parse(h, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| setting_err(format!("holidays: {h:?} is not a date (YYYY-MM-DD)")))?;
        holidays.insert(d);
    }
    if !(1..=MAX_START_DAY).contains(&settings.stat_start_day) {
        return Err(setting_err(format!(
            "stat_start_day: {} is not a day from 1 to {MAX_START_DAY}",
            settings.stat_start_day
        )));
    }

    let mut store = Store::create(path, opts)?;
    // Settings first: due dates and local dates are computed under them.
    store.set_tz(tz)?;
    store.set_holidays(&holidays)?;
    store.set_stat_start_day(settings.stat_start_day)?;

    let today = Ts::from_datetime(time::OffsetDateTime::now_utc()).local_date(tz);
    let events = lines
        .iter()
        .filter(|(_, l)| matches!(l, Line::Event(_)))
        .count();
    let mut problems = Vec::new();
    let planned = plan(&store, lines, today, login, &mut problems)?;
    let plan = match planned {
        Some(p) if problems.is_empty() => p,
        _ => return Err(refused(problems, src)),
    };
    let contact_map = contact_numbers(&contact_matters, &contact_ids, src)?;
    drop(contact_matters);
    let mut restored = Restored {
        lines: total_lines,
        header: Some(header.clone()),
        events,
        audit: audit.len(),
        ..Default::default()
    };
    write(&store, plan, &petitioner_ids, &contact_map, &mut restored)?;

    // The trail as it was, numbers and all; then the counters as they were,
    // so no number is handed out twice.
    for chunk in audit.chunks(16_384) {
        let mut ws = WriteSet::new(&store);
        for (seq, e) in chunk {
            ws.put(T::Audit, u64_key(*seq).to_vec(), e);
        }
        ws.commit_unjournaled()?;
    }
    let mut ws = WriteSet::new(&store);
    for (login, d) in &drafts {
        ws.put(T::Drafts, login.as_bytes().to_vec(), d);
    }
    for (name, value) in &counters {
        ws.set_counter(name, *value);
    }
    ws.commit()?;

    let store = Arc::new(store);
    let desk = Desk::shared(Arc::clone(&store), login)?;
    let mut ws = WriteSet::new(&store);
    desk.audit(
        &mut ws,
        RESTORE_RECORD.into(),
        format!(
            "restored the database from {} ({total_lines} lines; backup of {} taken at {} by {})",
            whole_src.display(),
            header.source,
            header.taken_at,
            header.by
        ),
    )?;
    ws.commit()?;
    store.flush()?;
    drop(desk);

    let report = super::check::check(&store)?;
    if !report.is_ok() {
        return Err(ServiceError::Invalid(format!(
            "the restored database fails its check ({} problem(s), the first: {}); nothing was put in place",
            report.problems.len(),
            report.problems[0]
        )));
    }
    restored.records = report.records;
    restored.index_entries = report.index_entries;
    store.flush()?;
    Ok(restored)
}

/// The original number of each contact, in the order of the contact lines
/// (the import numbers them 1, 2, … in that order). `contact_ids` lines come
/// in matter order, each naming its matter, as the contact lines do.
fn contact_numbers(
    contact_matters: &[String],
    contact_ids: &[(Pos, super::backup::ContactIds)],
    src: &str,
) -> Result<Vec<u64>> {
    let mut out = Vec::with_capacity(contact_matters.len());
    let mut seen = HashSet::with_capacity(contact_matters.len());
    for (pos, c) in contact_ids {
        for id in &c.ids {
            let i = out.len();
            match contact_matters.get(i) {
                Some(m) if *m == c.matter => {}
                Some(m) => {
                    return Err(at(src, pos.line, format!(
                        "contact_ids: contact {} of the backup belongs to matter {m}, not {}: the backup is damaged",
                        i + 1,
                        c.matter
                    )))
                }
                None => {
                    return Err(at(src, pos.line, format!(
                        "contact_ids: more contact numbers than contact lines ({}): the backup is damaged",
                        contact_matters.len()
                    )))
                }
            }
            if *id == 0 || !seen.insert(*id) {
                return Err(at(
                    src,
                    pos.line,
                    format!(
                    "contact_ids: contact number {id} is zero or given twice: the backup is damaged"
                ),
                ));
            }
            out.push(*id);
        }
    }
    if out.len() != contact_matters.len() {
        return Err(ServiceError::Invalid(format!(
            "{src}: {} contact lines but {} contact numbers: the backup is damaged",
            contact_matters.len(),
            out.len()
        )));
    }
    Ok(out)
}

/// Writes the planned records under their original numbers, in one write
/// set as an import does: each index bucket is written once, not once per
/// chunk of records (which would also leave sled's log twice the size).
fn write(
    store: &Store,
    plan: Plan,
    petitioner_ids: &[(Pos, u64)],
    contact_map: &[u64],
    restored: &mut Restored,
) -> Result<()> {
    // The plan numbered petitioners and contacts 1, 2, … in file order.
    let pet = |new: u64| petitioner_ids[(new - 1) as usize].1;
    let contact = |new: u64| contact_map[(new - 1) as usize];
    let mut ws = WriteSet::new(store);
    for r in plan.reference {
        match r {
            RefWrite::Town(t) => ws.put(T::Towns, t.code.as_bytes().to_vec(), &t),
            RefWrite::Village(v) => ws.put(T::Villages, v.code.as_bytes().to_vec(), &v),
            RefWrite::Unit(u) => ws.put(T::Units, u.code.as_bytes().to_vec(), &u),
            RefWrite::Category(c) => ws.put(T::Categories, c.code.as_bytes().to_vec(), &c),
            RefWrite::Staff(s) => ws.put(T::Staff, s.login.as_bytes().to_vec(), &s),
        }
    }
    restored.petitioners = plan.petitioners.len();
    // Each record is dropped once it is encoded into the set.
    for (_, mut p) in plan.petitioners {
        p.id = pet(p.id);
        ws.petitioner(None, &p);
    }
    restored.matters = plan.matters.len();
    for (_, mut m) in plan.matters {
        for p in &mut m.petitioners {
            *p = pet(*p);
        }
        let mut contacts = std::mem::take(&mut m.contacts);
        for c in &mut contacts {
            c.id = contact(c.id);
            for p in &mut c.petitioners {
                *p = pet(*p);
            }
        }
        // In time order by their own numbers again, flags derived again.
        derive_contact_flags(&m, &mut contacts);
        restored.contacts += contacts.len();
        m.contacts = contacts;
        ws.matter(None, &m);
    }
    // The database is not in place yet: a failure throws it away whole.
    Ok(ws.commit_unjournaled()?)
}
