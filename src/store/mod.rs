//! The records store: the only module that knows sled. One tree per record kind
//! and per index; every write that touches several trees is one transaction.

mod backup;
pub mod bucket;
mod bulk;
pub mod cases;
pub mod codec;
pub mod compact;
mod counter;
mod handles;
pub mod index;
pub mod journal;
mod keys;
mod migrate;
mod notices;
mod query;
pub(crate) mod read;
pub mod space;
mod write;

pub use bulk::BulkWrite;
pub use counter::Counter;
pub use migrate::Migrated;
pub use query::{
    is_matter_key, is_petitioner_key, AuditTrail, DueMatter, DueMatters, IndexedContact,
    OwnedMatters, Owner, PetitionerIds, RateFacts, Searched, TownContacts,
};
pub use read::{IndexIter, RecordIter};
pub use write::WriteSet;

use crate::domain::office::OfficeRules;
use crate::domain::workflow::Calendar;
use crate::domain::DEFAULT_TZ;
use bucket::Bucketing;
use handles::{has_reserve, is_full, Handles};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use time::UtcOffset;

/// The layout of trees and keys this release reads and writes. Version 2 added
/// the event-date index and the category in town-date values; version 3
/// derives skip-level (越级) with the office's allowance (`migrate`).
pub const SCHEMA_VERSION: u32 = 5;

/// Default page cache; sled's own default (1 GiB) does not bound memory.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

macro_rules! trees {
    ($($variant:ident = $name:literal),+ $(,)?) => {
        /// Every tree of the database.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum T { $($variant),+ }
        impl T {
            pub const ALL: &'static [T] = &[$(T::$variant),+];
            pub fn name(self) -> &'static str {
                match self { $(T::$variant => $name),+ }
            }
        }
    };
}

trees! {
    Meta = "meta",
    Towns = "towns",
    Villages = "villages",
    Units = "units",
    Categories = "categories",
    Staff = "staff",
    Petitioners = "petitioners",
    Matters = "matters",
    Audit = "audit",
    IdNumber = "ix_id_number",
    IdNumberRev = "ix_id_number_rev",
    Phone = "ix_phone",
    PhoneRev = "ix_phone_rev",
    Name = "ix_name",
    Pinyin = "ix_pinyin",
    TownDate = "ix_town_date",
    EventDate = "ix_event_date",
    Due = "ix_due",
    Receiver = "ix_first_receiver",
    UnitMatters = "ix_unit",
    Drafts = "drafts",
    Journal = "journal",
    // Last, so the journal's tree numbers of the trees before it stay.
    LetterNo = "ix_letter_no",
    VillagePeople = "ix_village_people",
    // Written notices, kept by matter (`notices`).
    Notices = "notices",
    // Key cases, supervision, reception days and the key-person list.
    Cases = "cases",
    Supervisions = "supervisions",
    ReceptionDays = "reception_days",
    Watches = "watches",
    CaseDue = "ix_case_due",
    CaseLeader = "ix_case_leader",
    CaseUnit = "ix_case_unit",
    SupervisionUnit = "ix_supervision_unit",
}

impl T {
    /// Trees whose entries are grouped into buckets: sled's open time and memory
    /// grow with its number of keys (leaves split at 16), so the large trees
    /// keep many entries per key. Index bucket sizes are chosen so a bucket
    /// holds tens to a few hundred entries at county scale. Index trees hold
    /// only derived entries; `check` rebuilds them from records.
    pub fn bucketing(self) -> Option<Bucketing> {
        Some(match self {
            // Sixteen neighbouring records per sled key (see keys::petitioner_key).
            T::Petitioners => Bucketing::Fixed(8),
            T::Matters => Bucketing::Fixed(6),
            // Region code, birth year and month.
            T::IdNumber => Bucketing::Fixed(12),
            T::IdNumberRev | T::PhoneRev => Bucketing::Fixed(4),
            T::Phone => Bucketing::Fixed(5),
            // Two Chinese characters, or six letters of pinyin.
            T::Name | T::Pinyin => Bucketing::Fixed(6),
            // A town's contacts of one day.
            T::TownDate => Bucketing::AfterText(4),
            // The rate facts (first replies, endings, evaluations) of one day.
            T::EventDate => Bucketing::Fixed(4),
            // The matters due on one day.
            T::Due => Bucketing::Fixed(4),
            // A first receiver's matters of one year.
            T::Receiver => Bucketing::AfterText(2),
            // A unit's matters of one year.
            T::UnitMatters => Bucketing::AfterText(2),
            // Letter numbers by their last four characters (kept reversed).
            T::LetterNo => Bucketing::Fixed(4),
            // A village's petitioners, 65,536 numbers to a bucket.
            T::VillagePeople => Bucketing::AfterText(6),
            // Key cases due in 256 days; a leader's or a unit's in 256 days.
            T::CaseDue => Bucketing::Fixed(3),
            T::CaseLeader | T::CaseUnit => Bucketing::AfterText(3),
            // A unit's letters due in 256 days.
            T::SupervisionUnit => Bucketing::AfterText(3),
            _ => return None,
        })
    }

    pub fn is_index(self) -> bool {
        self.name().starts_with("ix_")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {} is in use by another process; to share it between desks, run `xfdesk serve` and connect through it", .0.display())]
    Locked(PathBuf),
    #[error("no xfdesk database at {}; create one with `xfdesk init`", .0.display())]
    NotFound(PathBuf),
    #[error("a database already exists at {}", .0.display())]
    AlreadyExists(PathBuf),
    #[error("database {} has schema version {found}, but this xfdesk reads version {SCHEMA_VERSION}; {hint}", .path.display())]
    Schema {
        path: PathBuf,
        found: u32,
        hint: &'static str,
    },
    #[error("{record} is damaged: {detail}")]
    Corrupt { record: String, detail: String },
    #[error("database {}: {}", .path.display(), describe_sled(.source))]
    Sled {
        path: PathBuf,
        #[source]
        source: sled::Error,
    },
    /// A compaction stopped between putting the old database aside and its
    /// copy in place.
    #[error("no database at {}: a compaction was cut short; the database before it is at {} and its copy at {}: rename one of them to {}", .path.display(), .old.display(), .copy.display(), .path.display())]
    CompactionCut {
        path: PathBuf,
        old: PathBuf,
        copy: PathBuf,
    },
    /// Writes wait for room: the database was opened on its reserve.
    #[error("database {}: the disk is full (xfdesk opened the database on the space it keeps in reserve, for reading); free space, then try again", .0.display())]
    DiskFull(PathBuf),
    /// Reopening after a storage error waits for a read still going.
    #[error("database {}: reopening it after a storage error waits for a long read (a report, a backup) to finish; try again in a moment", .0.display())]
    Reopening(PathBuf),
    /// A bulk write failed once its journal was being marked complete: the
    /// next open finishes it (or drops it whole, if the mark never reached the
    /// disk) and says which.
    #[error("{source}; the import is in the journal: the next time the database is opened it is finished, or dropped whole if the journal did not reach the disk, and xfdesk says which; do not import it again before that")]
    Unfinished {
        #[source]
        source: Box<StoreError>,
    },
    /// A bulk write's files for sorting its writes (beside the database).
    #[error("the sorting files of a bulk write in {}: {}", .path.display(), plain_io(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A bulk write failed before any of it was applied.
    #[error("{source}; nothing of the import was saved")]
    NothingSaved {
        #[source]
        source: Box<StoreError>,
    },
}

/// An I/O error in plain words: sled passes some on as a new error whose
/// text is the original's debug output, so its kind says it better.
fn plain_io(io: &std::io::Error) -> String {
    match (io.raw_os_error(), io.kind()) {
        (Some(_), _) | (None, std::io::ErrorKind::Other) => io.to_string(),
        (None, kind) => kind.to_string(),
    }
}

/// A storage failure in words that say what to do about the common ones.
fn describe_sled(e: &sled::Error) -> String {
    use std::io::ErrorKind as K;
    match e {
        sled::Error::Io(io) => match (io.kind(), plain_io(io)) {
            (K::StorageFull | K::FileTooLarge | K::QuotaExceeded, io) => {
                format!("the disk is full ({io}); free space, then try again")
            }
            (K::PermissionDenied | K::ReadOnlyFilesystem, io) => format!(
                "cannot write ({io}); the database directory must be writable by the user running xfdesk — an office's desks go through `xfdesk serve`"
            ),
            (_, io) => format!("storage error: {io}"),
        },
        sled::Error::Corruption { .. } => {
            format!("the database files are damaged ({e}); restore the last backup")
        }
        other => format!("storage error: {other}"),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to open a database.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    pub cache_bytes: u64,
    /// Keys a bulk write commits per transaction; larger sets go through the
    /// journal (see `journal`).
    pub chunk_keys: usize,
}

/// Keys per transaction of a bulk write: bounded so an import never holds
/// everything twice in memory.
pub const DEFAULT_CHUNK_KEYS: usize = 16_384;

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            cache_bytes: DEFAULT_CACHE_BYTES,
            chunk_keys: DEFAULT_CHUNK_KEYS,
        }
    }
}

pub struct Store {
    path: PathBuf,
    /// sled's handles; replaced when a storage error (a full disk) has
    /// stopped sled, which then refuses every write until it is reopened.
    /// `None` only while a reopen has failed; the next use tries again.
    handles: RwLock<Option<Handles>>,
    /// A storage error was seen: the next writer reopens sled first.
    failed: AtomicBool,
    /// Opened on the reserve (see `space`): writes wait for room.
    short_of_space: AtomicBool,
    cache_bytes: u64,
    tz: UtcOffset,
    /// Shared by every desk of a server; replaced whole when the holidays
    /// change, so a reader keeps one consistent calendar.
    calendar: RwLock<Arc<Calendar>>,
    /// How fast each login looks people up, across every desk of a server.
    lookup_pace: crate::domain::pace::Pace,
    /// The day the statistical month starts (1 = calendar month).
    stat_start_day: AtomicU8,
    /// The office's settings for its numbers (skip-level, collective, 零访).
    office: RwLock<Arc<OfficeRules>>,
    /// Writers hold this from reading counters and records to committing, so
    /// what they read stays valid in their transaction.
    write_lock: Mutex<()>,
    chunk_keys: usize,
    /// What this open found in the journal a stopped process left.
    recovery: Option<journal::Recovery>,
}

const META_SCHEMA: &[u8] = b"schema";
const META_TZ: &[u8] = b"tz_seconds";
const META_HOLIDAYS: &[u8] = b"holidays";
/// The weekend days worked instead (调休上班); absent from older databases.
const META_WORKDAYS: &[u8] = b"workdays";
const META_STAT_START: &[u8] = b"stat_start_day";
const META_OFFICE: &[u8] = b"office";

fn is_lock_error(e: &sled::Error) -> bool {
    match e {
        sled::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::WouldBlock
                || io.to_string().contains("could not acquire lock")
        }
        _ => false,
    }
}

/// Takes group and other permissions off every file under `dir`.
fn owner_only(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // sled removes blob and snapshot files it no longer needs from a thread
    // of its own: a file gone between listing and changing is no error.
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    };
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        gone((|| {
            let kind = entry.file_type()?;
            if kind.is_dir() {
                return owner_only(&entry.path());
            } else if !kind.is_file() {
                return Ok(());
            }
            let mode = entry.metadata()?.permissions().mode();
            if mode & 0o077 != 0 {
                let p = std::fs::Permissions::from_mode(mode & 0o700);
                std::fs::set_permissions(entry.path(), p)?;
            }
            Ok(())
        })())?;
    }
    Ok(())
}

impl Store {
    /// Opens sled; when the disk is too full for that, gives up the reserve
    /// and opens for reading (writes wait for room).
    fn open_sled(path: &Path, opts: &OpenOptions) -> Result<Store> {
        let (handles, short_of_space) = match Handles::open(path, opts.cache_bytes) {
            Err(e) if is_full(&e) && space::release_reserve(path) => {
                tracing::warn!(
                    "{}: the disk is full; opened on the reserve",
                    path.display()
                );
                (Handles::open(path, opts.cache_bytes)?, true)
            }
            opened => (opened?, false),
        };
        // A reserve another process gave up, with no room to make it again,
        // leaves the database short of space here too.
        let short_of_space = short_of_space || !has_reserve(path);
        Ok(Store {
            path: path.to_path_buf(),
            handles: RwLock::new(Some(handles)),
            failed: AtomicBool::new(false),
            short_of_space: AtomicBool::new(short_of_space),
            cache_bytes: opts.cache_bytes,
            tz: DEFAULT_TZ,
            calendar: RwLock::new(Arc::new(Calendar::default())),
            lookup_pace: Default::default(),
            stat_start_day: AtomicU8::new(1),
            office: RwLock::new(Arc::new(OfficeRules::default())),
            write_lock: Mutex::new(()),
            chunk_keys: opts.chunk_keys.max(1),
            recovery: None,
        })
    }

    /// Creates a new, empty database at `path`; refuses an existing one.
    /// A directory made here is 0700 and every file sled made in it 0600
    /// (docs/rules.md, File modes); a directory that was there keeps its mode and group.
    pub fn create(path: &Path, opts: &OpenOptions) -> Result<Store> {
        let io = |e| StoreError::Sled {
            path: path.to_path_buf(),
            source: sled::Error::Io(e),
        };
        if !path.exists() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(path)
                .map_err(io)?;
        }
        let store = Store::open_sled(path, opts)?;
        owner_only(path).map_err(io)?;
        if store
            .tree(T::Meta)?
            .get(META_SCHEMA)
            .map_err(|e| store.sled_err(e))?
            .is_some()
        {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let meta = store.tree(T::Meta)?;
        meta.insert(META_TZ, &DEFAULT_TZ.whole_seconds().to_be_bytes()[..])
            .map_err(|e| store.sled_err(e))?;
        meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes()[..])
            .map_err(|e| store.sled_err(e))?;
        store.flush()?;
        Ok(store)
    }

    /// Opens an existing database and checks that this release can read it.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store> {
        // sled would create an empty database anywhere; a typo must not.
        // A directory of another user's (0700) hides its files: that is a
        // permission to ask for, not a missing database.
        let there = |name: &str| path.join(name).try_exists();
        match there("db").and_then(|db| Ok(db || there("conf")?)) {
            Ok(true) => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(StoreError::Sled {
                    path: path.to_path_buf(),
                    source: sled::Error::Io(e),
                })
            }
            _ => {
                let old = compact::sibling(path, compact::OLD_SUFFIX);
                if old.exists() {
                    return Err(StoreError::CompactionCut {
                        path: path.to_path_buf(),
                        old,
                        copy: compact::sibling(path, compact::COPY_SUFFIX),
                    });
                }
                return Err(StoreError::NotFound(path.to_path_buf()));
            }
        }
        let mut store = Store::open_sled(path, opts)?;
        let found = store.schema()?;
        if found != SCHEMA_VERSION {
            let hint = if found > SCHEMA_VERSION {
                "it was written by a newer xfdesk; upgrade xfdesk to open it"
            } else if migrate::can_migrate(found) {
                "run `xfdesk migrate` (as an admin) to bring it up to date"
            } else {
                "it needs a migration this release does not know"
            };
            return Err(StoreError::Schema {
                path: path.to_path_buf(),
                found,
                hint,
            });
        }
        store.load_settings()?;
        // After the settings: a replayed matter is indexed by the calendar.
        store.recovery = store.recover_journal(store.chunk_keys)?;
        Ok(store)
    }

    /// What opening found in the journal of a bulk write a stopped process
    /// had begun: finished, or dropped; `None` when there was none.
    pub fn recovery(&self) -> Option<journal::Recovery> {
        self.recovery
    }

    /// Opened on the reserve of a full disk: records are read, only audit
    /// entries written, until the disk has room again.
    pub fn on_reserve(&self) -> bool {
        self.short_of_space.load(Ordering::SeqCst)
    }

    pub(crate) fn chunk_keys(&self) -> usize {
        self.chunk_keys
    }

    /// The schema version stored in the database.
    fn schema(&self) -> Result<u32> {
        let v = self
            .tree(T::Meta)?
            .get(META_SCHEMA)
            .map_err(|e| self.sled_err(e))?;
        match v {
            None => Err(StoreError::NotFound(self.path.clone())),
            Some(v) => Ok(u32::from_be_bytes(v.as_ref().try_into().map_err(|_| {
                StoreError::Corrupt {
                    record: "schema version".into(),
                    detail: format!("{} bytes", v.len()),
                }
            })?)),
        }
    }

    /// Reads the office settings kept in the database: time zone, holidays,
    /// statistical month.
    fn load_settings(&mut self) -> Result<()> {
        let meta = self.tree(T::Meta)?;
        let mut lists = [META_HOLIDAYS, META_WORKDAYS].map(|_| Default::default());
        for (key, list) in [META_HOLIDAYS, META_WORKDAYS].into_iter().zip(&mut lists) {
            if let Some(v) = meta.get(key).map_err(|e| self.sled_err(e))? {
                let days: Vec<time::Date> = codec::decode(&v).map_err(|e| StoreError::Corrupt {
                    record: format!("{} list", String::from_utf8_lossy(key)),
                    detail: e.to_string(),
                })?;
                *list = days.into_iter().collect();
            }
        }
        let [off, workdays] = lists;
        let mut cal = Calendar::clone(&self.calendar());
        cal.holidays = crate::domain::workflow::Holidays::new(off, workdays);
        *self.calendar.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(cal);
        if let Some(v) = meta.get(META_TZ).map_err(|e| self.sled_err(e))? {
            let secs = i32::from_be_bytes(v.as_ref().try_into().unwrap_or([0; 4]));
            self.tz = UtcOffset::from_whole_seconds(secs).unwrap_or(DEFAULT_TZ);
        }
        if let Some(v) = meta.get(META_OFFICE).map_err(|e| self.sled_err(e))? {
            let rules: OfficeRules = codec::decode(&v).map_err(|e| StoreError::Corrupt {
                record: "office settings".into(),
                detail: e.to_string(),
            })?;
            *self.office.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(rules);
        }
        if let Some(v) = meta.get(META_STAT_START).map_err(|e| self.sled_err(e))? {
            self.stat_start_day
                .store(v.first().copied().unwrap_or(1), Ordering::Relaxed);
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The desk's time zone: local dates, scorecards and exports use it.
    pub fn tz(&self) -> UtcOffset {
        self.tz
    }

    /// The calendar due dates are computed with now.
    /// The lookup pace of every login using this open database.
    pub fn lookup_pace(&self) -> &crate::domain::pace::Pace {
        &self.lookup_pace
    }

    pub fn calendar(&self) -> Arc<Calendar> {
        Arc::clone(&self.calendar.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Replaces the holiday list and the weekend days worked instead: stored,
    /// and used for every due date from now on. The caller holds the write
    /// lock and re-dates the open matters in the same breath.
    pub fn set_holidays(&self, days: &crate::domain::workflow::Holidays) -> Result<()> {
        self.refuse_unless_room(false)?;
        // One batch: a stop between the two lists leaves neither half-set.
        let mut batch = sled::Batch::default();
        for (key, set) in [(META_HOLIDAYS, &days.off), (META_WORKDAYS, &days.workdays)] {
            let list: Vec<time::Date> = set.iter().copied().collect();
            batch.insert(key, codec::encode(&list));
        }
        self.tree(T::Meta)?
            .apply_batch(batch)
            .map_err(|e| self.sled_err(e))?;
        let mut cal = Calendar::clone(&self.calendar());
        cal.holidays = days.clone();
        *self.calendar.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(cal);
        Ok(())
    }

    /// The office's settings for skip-level, collective and 零访.
    pub fn office(&self) -> Arc<OfficeRules> {
        Arc::clone(&self.office.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Stores the office's settings; the caller holds the write lock and
    /// re-derives what they change in the same breath.
    pub fn set_office(&self, rules: &OfficeRules) -> Result<()> {
        self.refuse_unless_room(false)?;
        self.tree(T::Meta)?
            .insert(META_OFFICE, codec::encode(rules))
            .map_err(|e| self.sled_err(e))?;
        self.cache_office(rules.clone());
        Ok(())
    }

    /// Settings a committed write set stored.
    fn cache_office(&self, rules: OfficeRules) {
        *self.office.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(rules);
    }

    /// The day the office's statistical month starts (1 = the calendar month;
    /// 21 = from the 21st of the month before to the 20th).
    pub fn stat_start_day(&self) -> u8 {
        self.stat_start_day.load(Ordering::Relaxed)
    }

    /// Stores the statistical month's start day; the caller has checked it.
    pub fn set_stat_start_day(&self, day: u8) -> Result<()> {
        self.refuse_unless_room(false)?;
        self.tree(T::Meta)?
            .insert(META_STAT_START, &[day][..])
            .map_err(|e| self.sled_err(e))?;
        self.stat_start_day.store(day, Ordering::Relaxed);
        Ok(())
    }
}
