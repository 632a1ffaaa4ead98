//! The desk's log: a file, never the terminal (the screen is the terminal).
//! Sessions, signals and errors go there, so an office can see afterwards why
//! a desk closed.

use std::path::{Path, PathBuf};

/// `$XFDESK_LOG`, else `xfdesk.log` in the platform's local data directory.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("XFDESK_LOG") {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "xfdesk")
        .map(|d| d.data_local_dir().join("xfdesk.log"))
        .unwrap_or_else(|| PathBuf::from("xfdesk.log"))
}

/// Sends `tracing` events to `path` (appending). Returns the error instead of
/// failing the desk: a desk without a log is better than no desk.
pub fn start(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    // A second start in one process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .try_init();
    Ok(())
}

/// Sends `tracing` events to standard error: a server's log is its service
/// manager's (the journal under systemd).
pub fn start_stderr() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}
