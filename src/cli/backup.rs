//! `xfdesk backup DEST` and `xfdesk restore SRC`.

use crate::i18n::Lang;
use crate::service::{current_unix_user, DeskApi, ServiceError};
use crate::store::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;

type Result<T> = std::result::Result<T, ServiceError>;

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ServiceError + '_ {
    move |e| ServiceError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Writes a backup through `desk` (the server's, or the store's) to
/// `DEST.partial`, syncs it and renames it to `dest`: there is never half a
/// backup under `dest`. The file is readable by its owner only: it holds
/// every ID number whole.
pub fn backup(desk: &dyn DeskApi, dest: &Path, lang: Lang) -> Result<()> {
    let t = lang.text();
    if dest.is_dir() {
        return Err(ServiceError::Invalid(format!(
            "{} is a directory; name the backup file in it, e.g. {}",
            dest.display(),
            dest.join("xfdesk-YYYY-MM-DD.jsonl").display()
        )));
    }
    // The audit entry names the file wherever the command ran from.
    let target = std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf());
    // Dropped on an error, the partial file is removed.
    let mut partial = crate::secure_file::Partial::create(dest)?;
    let path = partial.path().to_path_buf();
    let s = {
        let mut w = BufWriter::with_capacity(1 << 20, &mut partial);
        let s = desk.backup(&mut w, &target.display().to_string())?;
        w.flush().map_err(io_err(&path))?;
        s
    };
    partial.commit()?;
    let n = |k: &str| s.counts.get(k).copied().unwrap_or(0);
    writeln!(
        std::io::stdout().lock(),
        "{}: {} ({} lines: {} petitioners, {} matters, {} contacts, {} events, {} audit entries; {:.1} MiB; taken {})",
        t.backed_up,
        dest.display(),
        s.lines,
        n("petitioner"),
        n("matter"),
        n("contact"),
        n("event"),
        n("audit"),
        s.bytes as f64 / (1024.0 * 1024.0),
        s.taken_at
    )
    .map_err(io_err(Path::new("standard output")))?;
    Ok(())
}

/// Restores the backup `src` into a new database at `db`, locally: a
/// server cannot be serving a database that does not exist yet.
pub fn restore(src: &Path, db: &Path, opts: &OpenOptions, lang: Lang) -> Result<()> {
    let t = lang.text();
    let r = crate::service::restore::restore(src, db, opts, &current_unix_user())?;
    let (taken_at, by) = r
        .header
        .as_ref()
        .map(|h| (h.taken_at.as_str(), h.by.as_str()))
        .unwrap_or_default();
    writeln!(
        std::io::stdout().lock(),
        "{}: {} from {} (taken {taken_at} by {by}; {} lines: {} petitioners, {} matters, {} contacts, {} events, {} audit entries and this restore's); check passed: {} records, {} index entries",
        t.restored,
        db.display(),
        src.display(),
        r.lines,
        r.petitioners,
        r.matters,
        r.contacts,
        r.events,
        r.audit,
        r.records,
        r.index_entries
    )
    .map_err(io_err(Path::new("standard output")))?;
    Ok(())
}
