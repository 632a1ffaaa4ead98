//! The command line (docs/design.md#command-line): parse arguments, call the service, print.

mod admin;
mod backup;
mod cases;
mod commands;
pub mod doctor;
pub mod json;
mod notice;
mod office;
pub mod report;
mod supervise;
pub use commands::DEMO_JSONL;
pub mod config;
pub mod logging;

use crate::i18n::Lang;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "xfdesk",
    version,
    about = "信访接待 — reception desk of a petition office"
)]
pub struct Cli {
    /// Database directory [default: $XFDESK_DB, else the platform data directory]
    #[arg(long, global = true, env = "XFDESK_DB")]
    pub db: Option<PathBuf>,
    /// Language of the screens and tables [default: the settings file's, else zh]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Key bindings: default, vim or a TOML file [default: the settings file's]
    #[arg(long, global = true)]
    pub keymap: Option<String>,
    /// Draw borders with ASCII characters (for terminals that show box lines wide).
    /// Settings file: $XFDESK_CONFIG, else config.toml in the user's config directory
    #[arg(long, global = true)]
    pub ascii: bool,
    /// The socket of `xfdesk serve`: used when a server answers on it, else
    /// the database is opened here [default: $XFDESK_SOCKET, else the database
    /// directory's path with .sock added, beside it]
    #[arg(long, global = true, env = "XFDESK_SOCKET")]
    pub socket: Option<PathBuf>,
    /// Page cache of the store in MiB
    #[arg(long, global = true, env = "XFDESK_CACHE_MB", default_value_t = 64)]
    pub cache_mb: u64,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the desk screens on a throwaway database loaded with the demo fixtures
    Demo,
    /// Create an empty database; the calling Unix user becomes its admin
    Init {
        /// Reference data to load (JSON Lines: towns, villages, units, categories, staff)
        #[arg(long)]
        reference: Option<PathBuf>,
    },
    /// Import JSON Lines v1 files, all or nothing
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export every record as JSON Lines v1
    Export {
        /// Write here (mode 0600, through OUT.partial) instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Find petitioners by name, pinyin, ID number or phone
    Lookup {
        query: String,
        #[arg(long)]
        json: bool,
        /// At most this many petitioners
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Matters past their due date
    Overdue {
        /// Date to judge by (YYYY-MM-DD) [default: today]
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Scorecards, statistics and zero-visit villages of a period
    Report {
        #[command(subcommand)]
        what: report::ReportCommand,
    },
    /// The audit trail, oldest first: who did what to which record, when
    /// (supervisors and admins)
    Audit(admin::AuditArgs),
    /// The staff list: add people, disable or re-enable logins, change roles (admins)
    Staff {
        #[command(subcommand)]
        what: admin::StaffCommand,
    },
    /// The office's settings for its numbers: 越级 allowance, collective
    /// threshold, the visits that end 零访 (admins change them)
    Office {
        #[command(subcommand)]
        what: Option<office::OfficeCommand>,
    },
    /// Issue a written notice (文书) for a matter and write or print it; list a
    /// matter's notices, reprint one by its number, list those not delivered,
    /// or check a directory of templates
    Notice(notice::NoticeArgs),
    /// Verify every record and index; non-zero exit on damage
    Check,
    /// Write a consistent copy of the whole database to DEST (admin)
    ///
    /// Every record, the audit trail, the settings, every counter and the
    /// drafts, as JSON Lines. Works while `xfdesk serve` runs: it goes through
    /// the server, and registrations wait until it is done (about 3 s at a
    /// million contacts). Written to DEST.partial (made new, mode 0600; a file
    /// or link already there is refused), synced, then renamed, so DEST is
    /// never half a backup.
    Backup {
        /// The backup file (replaced if it exists); e.g. /srv/backup/xfdesk-2026-11-24.jsonl
        dest: PathBuf,
    },
    /// Make a new database at --db from a backup (an admin of the backup's office)
    ///
    /// --db must not exist or be an empty directory; anything else is refused
    /// and nothing changed. The calling Unix user must be an active admin in
    /// the backup's staff list. The backup is verified line by line (a
    /// truncated or altered one is refused, naming the line), the database is
    /// built beside --db with every number and audit entry as it was, checked
    /// as `xfdesk check` does, and only then renamed into place. Runs here,
    /// never through a server.
    Restore {
        /// The backup file written by `xfdesk backup`
        src: PathBuf,
    },
    /// Bring a database written by an older xfdesk up to this release (admin)
    Migrate,
    /// Write the database anew without the space sled keeps of what was
    /// overwritten or removed (admin, with no server running)
    Compact,
    /// Show the holiday list by year (no FILE, or --show), or replace it from
    /// FILE (TOML: holidays = [2026-10-01, …], workdays = [2026-10-10, …], the
    /// weekend days worked; the older `dates = […]` is read as holidays).
    /// Saturdays, Sundays and holidays are non-working; a deadline on one
    /// moves to the next working day
    Holidays {
        /// The State Council's schedule, e.g. fixtures/holidays/2026.toml
        #[arg(conflicts_with = "show")]
        file: Option<PathBuf>,
        /// Show the list on file, by year
        #[arg(long)]
        show: bool,
    },
    /// Own the database and serve the office's desks and commands over a Unix
    /// socket (mode 0660, the database directory's group); stop with SIGTERM or Ctrl-C
    Serve {
        /// Connections served at once; one more is told to try again
        #[arg(long, default_value_t = crate::server::DEFAULT_MAX_CLIENTS)]
        max_clients: usize,
        /// Connections one staff login may hold at once
        #[arg(long, default_value_t = crate::server::DEFAULT_MAX_PER_LOGIN)]
        max_per_login: usize,
        /// Serve without the per-login lookup pace: only for a load test in
        /// which one login plays many desks. An office leaves the pace on: it
        /// slows a login copying the register out, and flags it in the trail
        #[arg(long)]
        no_lookup_pace: bool,
    },
    /// Look over an installation and say what to fix, one line each: the
    /// database directory's owner and modes, the reserve file, the server's
    /// socket, this year's holiday list, free disk space and, with --backups,
    /// the newest backup's age. Non-zero exit when any line is an error
    Doctor {
        /// The backup directory: its newest *.jsonl must be at most 2 days old
        #[arg(long)]
        backups: Option<PathBuf>,
    },
    /// Print the shell completion script for SHELL (bash, zsh or fish) to
    /// standard output, e.g. `xfdesk completions bash > /etc/bash_completion.d/xfdesk`
    Completions { shell: CompletionShell },
    /// Print the manual page (roff) to standard output, e.g. `xfdesk man | man -l -`
    Man,
    /// Write deterministic synthetic data
    Gen {
        #[arg(long)]
        petitioners: u64,
        #[arg(long)]
        contacts: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Key cases (积案): open, log, status, clear, list, show; candidates
    /// and the key-person list
    Case {
        #[command(subcommand)]
        what: cases::CaseCommand,
    },
    /// Supervision letters (督查督办): issue, reply, list
    Supervise {
        #[command(subcommand)]
        what: supervise::SuperviseCommand,
    },
    /// The leaders' reception rota (领导接访日): add, remove, list
    Reception {
        #[command(subcommand)]
        what: supervise::ReceptionCommand,
    },
}

/// The shells completions are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// The completion script for `shell`, from the same clap definitions as the
/// parser, so it never drifts from the commands.
pub fn completions(shell: CompletionShell) -> Vec<u8> {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "xfdesk", &mut out);
    out
}

/// The manual page (roff), from the same clap definitions as the parser.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}

/// Runs the command line; errors are one clear message on stderr.
pub fn main() -> ExitCode {
    // Whatever xfdesk makes — the database's files, exports, logs — holds
    // personal data: its owner's only (docs/rules.md#file-modes). The server's socket and a
    // database directory an admin made keep the modes given them on purpose.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        // A reader that stopped early (`| head`) is not an error worth a word.
        Err(crate::service::ServiceError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xfdesk: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Says on stderr that the server sent only part of a list, so output
/// piped elsewhere stays whole rows.
fn tell_cut<T>(page: &crate::service::page::Page<T>, template: &str) {
    if let Some(note) = cut_note(page, template) {
        eprintln!("{note}");
    }
}

/// `template` (with `{n}` and `{m}`) filled in, when `page` is only part.
fn cut_note<T>(page: &crate::service::page::Page<T>, template: &str) -> Option<String> {
    page.cut().then(|| {
        template
            .replace("{n}", &page.rows.len().to_string())
            .replace("{m}", &page.total.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::cut_note;
    use crate::i18n::Lang;
    use crate::service::page::Page;

    #[test]
    fn a_list_cut_by_the_server_says_how_much_is_shown_in_either_language() {
        let cut = Page {
            rows: vec![(); 10_000],
            total: 12_345,
        };
        assert_eq!(
            cut_note(&cut, Lang::En.text().newest_entries).unwrap(),
            "only the newest 10000 of 12345 entries are shown; narrow with --login, --petitioner, --from or --to"
        );
        assert_eq!(
            cut_note(&cut, Lang::Zh.text().first_rows).unwrap(),
            "仅显示前 10000 条，共 12345 条"
        );
        let whole = Page {
            rows: vec![(); 3],
            total: 3,
        };
        assert_eq!(cut_note(&whole, Lang::En.text().first_rows), None);
    }
}
