//! The desk's log: a file, never the terminal (the screen is the terminal).
//! Sessions, signals and errors go there, so an office can see afterwards why
//! a desk closed. The server's log goes to standard error: the journal's
//! when systemd runs it.

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

/// Where the server's log goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Run by systemd: plain lines on standard error, each with its syslog
    /// priority (`<4>` a warning); the journal adds the time and the unit's
    /// identifier.
    Journal,
    /// Anywhere else: standard error with the time on each line, as read on
    /// a terminal or redirected to a file.
    Stderr,
}

/// The server's log destination for an environment (`var` looks a variable
/// up): systemd sets `JOURNAL_STREAM` when standard error is the journal and
/// `INVOCATION_ID` for every unit it runs.
pub fn destination(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Destination {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    if set("JOURNAL_STREAM") || set("INVOCATION_ID") {
        Destination::Journal
    } else {
        Destination::Stderr
    }
}

/// Sends `tracing` events to standard error, shaped for `destination`: a
/// server's log is its service manager's (the journal under systemd).
pub fn start_stderr(destination: Destination) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false);
    let _ = match destination {
        Destination::Journal => builder.event_format(JournalLine).try_init(),
        Destination::Stderr => builder.try_init(),
    };
}

/// One journal line: `<priority>message fields`, no time, no colour.
struct JournalLine;

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for JournalLine
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        write!(writer, "<{}>", priority(*event.metadata().level()))?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// The syslog priority the journal files a line under (sd-daemon(3)).
fn priority(level: tracing::Level) -> u8 {
    match level {
        tracing::Level::ERROR => 3,
        tracing::Level::WARN => 4,
        tracing::Level::INFO => 6,
        _ => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::{destination, priority, Destination};
    use std::ffi::OsString;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn a_server_run_by_systemd_logs_to_the_journal_and_elsewhere_to_stderr() {
        assert_eq!(
            destination(env(&[("JOURNAL_STREAM", "8:12345")])),
            Destination::Journal
        );
        assert_eq!(
            destination(env(&[(
                "INVOCATION_ID",
                "0b5e3d2f9c1a4e7d8f6a5b4c3d2e1f00"
            )])),
            Destination::Journal
        );
        assert_eq!(
            destination(env(&[("HOME", "/root"), ("TERM", "xterm")])),
            Destination::Stderr
        );
        assert_eq!(
            destination(env(&[("JOURNAL_STREAM", "")])),
            Destination::Stderr
        );
    }

    #[test]
    fn the_journal_files_warnings_and_errors_at_their_priority() {
        assert_eq!(priority(tracing::Level::ERROR), 3);
        assert_eq!(priority(tracing::Level::WARN), 4);
        assert_eq!(priority(tracing::Level::INFO), 6);
        assert_eq!(priority(tracing::Level::DEBUG), 7);
    }
}
