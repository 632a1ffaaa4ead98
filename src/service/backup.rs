//! `xfdesk backup`: the whole database as one JSON Lines file of our own,
//! taken while writers wait, so no registration is half in it.
//!
//! The file, line by line (format 1):
//!
//! ```text
//! {"type":"backup","format":1,"xfdesk":"0.1.0","schema":2,"taken_at":"…","by":"root","source":"/srv/xfdesk/db"}
//! {"type":"settings","tz":"+08:00","stat_start_day":1,"holidays":["2026-10-01",…]}
//! {"type":"town",…} … {"type":"event",…}    what `xfdesk export` writes, byte for byte, in its order
//! {"type":"contact_ids","matter":"m2026-000001","ids":[1,7]}   per matter: its contacts' numbers
//! {"type":"audit","seq":1,"at":"…","by":"root","record":"staff root","what":"…"}   the whole trail
//! {"type":"draft","login":"zhangli","saved_at":"…","fields":[["name","张三"],…]}
//! {"type":"counter","name":"ledger/2026","value":123}    every counter
//! {"type":"end","lines":N,"counts":{"audit":…,"town":…},"crc32":"89abcdef"}
//! ```
//!
//! Petitioners keep their numbers through the export lines' refs (`p12`);
//! contacts keep theirs through `contact_ids` (the audit trail names both).
//! The last line counts every line before it by type and carries the CRC-32
//! of their bytes, so a restore refuses a truncated or altered file.

use super::{deed, Desk, Result, ServiceError};
use crate::domain::office::OfficeRules;
use crate::domain::permit::Duty;
use crate::domain::{LedgerNo, Ts};
use crate::interchange::Line;
use crate::store::{Store, WriteSet, SCHEMA_VERSION, T};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use time::UtcOffset;

/// The backup format this release writes and the newest it restores.
pub const FORMAT: u32 = 1;

/// The `record` of the audit entries of backups and restores.
pub(crate) const BACKUP_RECORD: &str = "backup";
pub(crate) const RESTORE_RECORD: &str = "restore";

/// The first line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The backup format (`FORMAT`); a restore refuses a newer one.
    pub format: u32,
    /// The release that wrote it.
    pub xfdesk: String,
    /// The store schema of the database it was taken from (for the record:
    /// a restore rebuilds the store from the lines).
    pub schema: u32,
    /// When, in the office's time zone.
    pub taken_at: String,
    /// Who (staff login).
    pub by: String,
    /// The database directory it was taken from.
    pub source: String,
}

/// The office's settings kept in the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `+08:00`.
    pub tz: String,
    pub stat_start_day: u8,
    /// `YYYY-MM-DD`, in order.
    pub holidays: Vec<String>,
    /// The office's settings for skip-level, collective and 零访 (absent in
    /// backups of releases before them: the defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<OfficeRules>,
    /// Weekend days worked instead (调休上班), `YYYY-MM-DD`, in order; absent
    /// from older backups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workdays: Vec<String>,
    /// The office's name, print command, templates directory and number
    /// patterns for its written notices; absent from older backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notices: Option<crate::domain::notice::settings::NoticeSettings>,
}

/// The numbers of one matter's contacts, in the order of its contact lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactIds {
    pub matter: String,
    pub ids: Vec<u64>,
}

/// One entry of the audit trail, with its sequence number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditLine {
    pub seq: u64,
    pub at: String,
    pub by: String,
    pub record: String,
    pub what: String,
}

/// A person's half-typed registration (see `drafts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftLine {
    pub login: String,
    pub saved_at: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterLine {
    pub name: String,
    pub value: u64,
}

/// The last line: how many lines came before it, by type, and their CRC-32.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct End {
    pub lines: u64,
    pub counts: BTreeMap<String, u64>,
    /// CRC-32 (IEEE, as zlib and gzip) of every byte before this line, as 8
    /// lower-case hex digits.
    pub crc32: String,
}

/// A line of a backup that is not an interchange line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BackupLine {
    Backup(Header),
    Settings(Settings),
    ContactIds(ContactIds),
    Audit(AuditLine),
    Draft(DraftLine),
    Counter(CounterLine),
    End(End),
}

impl BackupLine {
    pub fn kind(&self) -> &'static str {
        match self {
            BackupLine::Backup(_) => "backup",
            BackupLine::Settings(_) => "settings",
            BackupLine::ContactIds(_) => "contact_ids",
            BackupLine::Audit(_) => "audit",
            BackupLine::Draft(_) => "draft",
            BackupLine::Counter(_) => "counter",
            BackupLine::End(_) => "end",
        }
    }
}

/// The `type` of an interchange line.
pub(crate) fn line_kind(line: &Line) -> &'static str {
    match line {
        Line::Town(_) => "town",
        Line::Village(_) => "village",
        Line::Unit(_) => "unit",
        Line::Category(_) => "category",
        Line::Staff(_) => "staff",
        Line::Petitioner(_) => "petitioner",
        Line::Matter(_) => "matter",
        Line::Contact(_) => "contact",
        Line::Event(_) => "event",
        Line::Notice(_) => "notice",
        Line::Case(_) => "case",
        Line::CaseLog(_) => "case_log",
        Line::CaseStatus(_) => "case_status",
        Line::Supervision(_) => "supervision",
        Line::ReceptionDay(_) => "reception_day",
    }
}

/// `+08:00`.
pub(crate) fn format_tz(tz: UtcOffset) -> String {
    let (h, m, _) = tz.as_hms();
    let sign = if tz.is_negative() { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

/// What a backup wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    /// Lines, the closing one included.
    pub lines: u64,
    pub bytes: u64,
    /// Lines by type (the closing one not included).
    pub counts: BTreeMap<String, u64>,
    pub taken_at: String,
}

/// CRC-32 (IEEE 802.3, reflected, as zlib): detects a changed byte anywhere.
#[derive(Clone, Copy, Debug)]
pub struct Crc32(u32);

const fn crc_table() -> [[u32; 256]; 4] {
    let mut t = [[0u32; 256]; 4];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[0][i] = c;
        i += 1;
    }
    // Four bytes a step ("slicing by 4").
    let mut i = 0;
    while i < 256 {
        let mut s = 1;
        while s < 4 {
            let prev = t[s - 1][i];
            t[s][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            s += 1;
        }
        i += 1;
    }
    t
}

static CRC_TABLE: [[u32; 256]; 4] = crc_table();

impl Default for Crc32 {
    fn default() -> Self {
        Crc32(!0)
    }
}

impl Crc32 {
    pub fn update(&mut self, bytes: &[u8]) {
        let t = &CRC_TABLE;
        let mut c = self.0;
        let mut chunks = bytes.chunks_exact(4);
        for w in &mut chunks {
            c ^= u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
            c = t[3][(c & 0xff) as usize]
                ^ t[2][((c >> 8) & 0xff) as usize]
                ^ t[1][((c >> 16) & 0xff) as usize]
                ^ t[0][(c >> 24) as usize];
        }
        for &b in chunks.remainder() {
            c = t[0][((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
        }
        self.0 = c;
    }

    pub fn value(self) -> u32 {
        !self.0
    }

    pub fn hex(self) -> String {
        format!("{:08x}", self.value())
    }
}

/// The backup's lines as they are written: counted by type and summed.
struct Out<'a> {
    out: &'a mut dyn Write,
    target: &'a str,
    crc: Crc32,
    lines: u64,
    bytes: u64,
    counts: BTreeMap<String, u64>,
}

impl Out<'_> {
    fn line(&mut self, kind: &str, json: &str) -> Result<()> {
        let mut bytes = Vec::with_capacity(json.len() + 1);
        bytes.extend_from_slice(json.as_bytes());
        bytes.push(b'\n');
        self.out.write_all(&bytes).map_err(|e| ServiceError::Io {
            path: self.target.into(),
            source: e,
        })?;
        self.crc.update(&bytes);
        self.lines += 1;
        self.bytes += bytes.len() as u64;
        match self.counts.get_mut(kind) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(kind.to_string(), 1);
            }
        }
        Ok(())
    }

    fn put(&mut self, line: &BackupLine) -> Result<()> {
        let json = serde_json::to_string(line).expect("backup lines always serialise");
        self.line(line.kind(), &json)
    }
}

impl Desk {
    /// Writes the whole database to `out` as a backup (admins only). Writers
    /// wait from start to end, so the backup is one moment of the office;
    /// lookups and lists go on. The audit entry (who, when, `target`) is
    /// written first, under the same lock, so the backup holds it.
    pub fn backup(&self, out: &mut dyn Write, target: &str) -> Result<BackupSummary> {
        self.require(Duty::Administer, deed::BACKUP)?;
        let store = self.store();
        let _guard = store.lock_writes()?;
        let mut ws = WriteSet::new(store);
        self.audit(
            &mut ws,
            BACKUP_RECORD.into(),
            format!("backed up the whole database to {target}"),
        )?;
        ws.commit()?;
        store.flush()?;

        let taken_at = self.now().rfc3339(store.tz());
        let mut w = Out {
            out,
            target,
            crc: Crc32::default(),
            lines: 0,
            bytes: 0,
            counts: BTreeMap::new(),
        };
        w.put(&BackupLine::Backup(self.backup_header(taken_at.clone())))?;
        w.put(&BackupLine::Settings(settings_of(store)?))?;
        w.records(store)?;
        w.trail_and_counters(store)?;
        w.end(taken_at)
    }

    fn backup_header(&self, taken_at: String) -> Header {
        let store = self.store();
        Header {
            format: FORMAT,
            xfdesk: env!("CARGO_PKG_VERSION").into(),
            schema: SCHEMA_VERSION,
            taken_at,
            by: self.user().login.clone(),
            source: std::path::absolute(store.path())
                .unwrap_or_else(|_| store.path().to_path_buf())
                .display()
                .to_string(),
        }
    }
}

/// The database's settings as a backup carries them.
fn settings_of(store: &Store) -> Result<Settings> {
    let dates = |ds: &std::collections::BTreeSet<time::Date>| -> Vec<String> {
        ds.iter().map(|d| d.to_string()).collect()
    };
    let calendar = store.calendar();
    Ok(Settings {
        tz: format_tz(store.tz()),
        stat_start_day: store.stat_start_day(),
        holidays: dates(&calendar.holidays.off),
        workdays: dates(&calendar.holidays.workdays),
        office: Some(OfficeRules::clone(&store.office())),
        notices: Some(store.notice_settings()?),
    })
}

impl Out<'_> {
    /// The export's lines; each matter's contact numbers wait for after
    /// them (flat: a million numbers are 8 MB).
    fn records(&mut self, store: &Store) -> Result<()> {
        let mut matters: Vec<(LedgerNo, u32)> = Vec::new();
        let mut ids: Vec<u64> = Vec::new();
        Desk::export_lines(
            store,
            &mut |line| self.line(line_kind(&line), &line.to_json()),
            &mut |m| {
                matters.push((m.ledger, m.contacts.len() as u32));
                ids.extend(m.contacts.iter().map(|c| c.id));
            },
        )?;
        let mut rest = &ids[..];
        for (ledger, n) in matters {
            let (these, after) = rest.split_at(n as usize);
            rest = after;
            self.put(&BackupLine::ContactIds(ContactIds {
                matter: format!("m{ledger}"),
                ids: these.to_vec(),
            }))?;
        }
        Ok(())
    }

    /// The audit trail, the drafts and every counter.
    fn trail_and_counters(&mut self, store: &Store) -> Result<()> {
        let tz = store.tz();
        for r in store.audit_trail() {
            let (seq, e) = r?;
            self.put(&BackupLine::Audit(AuditLine {
                seq,
                at: e.at.rfc3339(tz),
                by: e.by,
                record: e.record,
                what: e.what,
            }))?;
        }
        for r in store.records::<super::drafts::Draft>(T::Drafts) {
            let (key, d) = r?;
            self.put(&BackupLine::Draft(DraftLine {
                login: String::from_utf8_lossy(&key).into_owned(),
                saved_at: d.saved_at.rfc3339(tz),
                fields: d.fields,
            }))?;
        }
        for (counter, value) in store.counters()? {
            let name = counter.name();
            self.put(&BackupLine::Counter(CounterLine { name, value }))?;
        }
        Ok(())
    }

    /// The closing line, vouching for every line before it.
    fn end(mut self, taken_at: String) -> Result<BackupSummary> {
        let counts = self.counts.clone();
        let end = BackupLine::End(End {
            lines: self.lines,
            counts: counts.clone(),
            crc32: self.crc.hex(),
        });
        self.put(&end)?;
        self.out.flush().map_err(|e| ServiceError::Io {
            path: self.target.into(),
            source: e,
        })?;
        Ok(BackupSummary {
            lines: self.lines,
            bytes: self.bytes,
            counts,
            taken_at,
        })
    }
}

/// An RFC 3339 time of a backup line.
pub(crate) fn parse_ts(s: &str) -> Option<Ts> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(Ts::from_datetime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_zlib_one() {
        let mut c = Crc32::default();
        c.update(b"123456789");
        assert_eq!(c.value(), 0xCBF4_3926);
        // The same in pieces of every length.
        let text = "信访接待 reception desk, line by line\n".repeat(7);
        for split in 0..text.len() {
            let mut c = Crc32::default();
            c.update(&text.as_bytes()[..split]);
            c.update(&text.as_bytes()[split..]);
            let mut whole = Crc32::default();
            whole.update(text.as_bytes());
            assert_eq!(c.value(), whole.value());
        }
    }

    #[test]
    fn time_zones_read_as_offsets() {
        assert_eq!(format_tz(crate::domain::DEFAULT_TZ), "+08:00");
        let tz = UtcOffset::from_hms(-3, -30, 0).unwrap();
        assert_eq!(format_tz(tz), "-03:30");
        assert_eq!(format_tz(UtcOffset::UTC), "+00:00");
    }
}
