//! One function per command.

use super::{Cli, Command};
use crate::i18n::Lang;
use crate::report::table;
use crate::service::{current_unix_user, Desk, DeskApi, ServiceError};
use crate::store::OpenOptions;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use time::macros::format_description;
use time::Date;

type Result<T> = std::result::Result<T, ServiceError>;

/// Writes to standard output and returns a failure (a closed pipe, a full
/// disk) as an error instead of panicking as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => {
        write!(std::io::stdout().lock(), $($arg)*).map_err(stdout_err)?
    };
}

macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(stdout_err)?
    };
}

// After the macros, which they use.
mod demo;
mod lookup;
use demo::demo_command;
pub use demo::DEMO_JSONL;

fn stdout_err(e: std::io::Error) -> ServiceError {
    ServiceError::Io {
        path: "standard output".into(),
        source: e,
    }
}

fn default_db() -> PathBuf {
    directories::ProjectDirs::from("", "", "xfdesk")
        .map(|d| d.data_dir().join("db"))
        .unwrap_or_else(|| PathBuf::from("xfdesk-db"))
}

fn options(cli: &Cli) -> OpenOptions {
    OpenOptions {
        cache_bytes: cli.cache_mb.max(1) * 1024 * 1024,
        ..OpenOptions::default()
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ServiceError + '_ {
    move |e| ServiceError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

fn parse_date(s: &str) -> Result<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).map_err(|_| {
        ServiceError::Invalid(format!(
            "--as-of {s:?} is not a date of the form YYYY-MM-DD"
        ))
    })
}

/// What every command that reaches the database needs: where it is, how to
/// open it, and the person's language, keys and theme.
struct Ctx {
    db: PathBuf,
    opts: OpenOptions,
    socket: PathBuf,
    lang: Lang,
    keys: Keymap,
    theme: Theme,
}

impl Ctx {
    /// Reads the settings file and the keymap; bad settings or a bad keymap
    /// are refused before anything else happens.
    fn load(cli: &Cli) -> Result<Ctx> {
        let db = cli.db.clone().unwrap_or_else(default_db);
        let opts = options(cli);
        let settings = match super::config::default_path() {
            Some(path) => super::config::load(&path).map_err(ServiceError::Invalid)?,
            None => Default::default(),
        };
        let lang = cli.lang.or(settings.lang).unwrap_or_default();
        let keymap = cli.keymap.clone().or(settings.keymap);
        let keys = Keymap::load(keymap.as_deref()).map_err(|errs| {
            let lines: Vec<String> = errs.iter().map(|e| format!("keymap {e}")).collect();
            ServiceError::Invalid(lines.join("\n"))
        })?;
        let theme = Theme::from_env(cli.ascii || settings.ascii.unwrap_or(false));
        let socket = crate::server::backend::socket_for(&db, cli.socket.as_deref());
        Ok(Ctx {
            db,
            opts,
            socket,
            lang,
            keys,
            theme,
        })
    }

    /// A desk through the server when one serves the database, else on the store.
    fn open(&self) -> Result<Box<dyn DeskApi>> {
        crate::server::backend::open_desk(&self.db, &self.socket, &self.opts, &current_unix_user())
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    // Written from the clap definitions alone: no settings, no database.
    match &cli.command {
        Some(Command::Completions { shell }) => return completions(*shell),
        Some(Command::Man) => return man(),
        _ => {}
    }
    let ctx = Ctx::load(&cli)?;
    let Some(command) = cli.command else {
        return screens(&ctx);
    };
    let lang = ctx.lang;
    match command {
        Command::Init { reference } => init(&ctx, reference),
        Command::Demo => demo_command(&ctx),
        Command::Import { files } => import(&ctx, &files),
        Command::Export { out } => export(&ctx, out),
        Command::Lookup { query, json, limit } => lookup::lookup(&ctx, query, json, limit),
        Command::Overdue { as_of, json } => lookup::overdue(&ctx, as_of, json),
        Command::Report { what } => {
            super::report::check_usage(&what);
            super::report::run(&*ctx.open()?, what, lang).map(success)
        }
        Command::Audit(args) => {
            super::admin::check_audit_usage(&args);
            super::admin::audit(&*ctx.open()?, args, lang).map(success)
        }
        Command::Staff { what } => super::admin::staff(&*ctx.open()?, what, lang).map(success),
        Command::Migrate => migrate(&ctx),
        Command::Compact => compact(&ctx),
        Command::Check => check(&ctx),
        Command::Backup { dest } => super::backup::backup(&*ctx.open()?, &dest, lang).map(success),
        Command::Restore { src } => {
            super::backup::restore(&src, &ctx.db, &ctx.opts, lang).map(success)
        }
        Command::Office { what } => office(&ctx, what),
        Command::Notice(args) => super::notice::command(args, || ctx.open(), lang),
        Command::Holidays { file: None, .. } => show_holidays(&ctx),
        Command::Holidays {
            file: Some(file), ..
        } => set_holidays(&ctx, &file),
        Command::Serve {
            max_clients,
            max_per_login,
            no_lookup_pace,
        } => serve(
            &ctx.db,
            &ctx.opts,
            ctx.socket.clone(),
            max_clients,
            max_per_login,
            !no_lookup_pace,
        )
        .map(success),
        Command::Doctor { backups } => doctor(&ctx, backups.as_deref()),
        Command::Completions { .. } | Command::Man => unreachable!("answered above"),
        Command::Gen {
            petitioners,
            contacts,
            seed,
            out,
        } => generate(&ctx, petitioners, contacts, seed, &out),
        Command::Case { what } => super::cases::case(&*ctx.open()?, what, lang).map(success),
        Command::Supervise { what } => {
            super::supervise::supervise(&*ctx.open()?, what, lang).map(success)
        }
        Command::Reception { what } => {
            super::supervise::reception(&*ctx.open()?, what, lang).map(success)
        }
    }
}

/// A command that returned without a failure to report.
fn success(_: ()) -> ExitCode {
    ExitCode::SUCCESS
}

fn completions(shell: super::CompletionShell) -> Result<ExitCode> {
    std::io::stdout()
        .lock()
        .write_all(&super::completions(shell))
        .map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode> {
    let page = super::man_page().map_err(stdout_err)?;
    std::io::stdout()
        .lock()
        .write_all(&page)
        .map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

/// The desk screens (no command). They outlive a server: they wait for it,
/// never open the store.
fn screens(ctx: &Ctx) -> Result<ExitCode> {
    let desk = crate::server::backend::open_desk_screens(
        &ctx.db,
        &ctx.socket,
        &ctx.opts,
        &current_unix_user(),
    )?;
    desk_screens(
        &*desk,
        ctx.lang,
        &ctx.keys,
        ctx.theme,
        &super::logging::default_path(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn init(ctx: &Ctx, reference: Option<PathBuf>) -> Result<ExitCode> {
    let user = current_unix_user();
    if let Some(parent) = ctx.db.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    let desk = Desk::init(&ctx.db, &ctx.opts, &user)?;
    if let Some(r) = reference {
        let s = desk.import(&[r])?;
        print_warnings(&s.warnings);
    }
    outln!(
        "{} {user}: {}",
        ctx.lang.text().initialised,
        ctx.db.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn import(ctx: &Ctx, files: &[PathBuf]) -> Result<ExitCode> {
    let desk = ctx.open()?;
    let mut sources: crate::service::api::Sources = Vec::new();
    for path in files {
        let file = File::open(path).map_err(io_err(path))?;
        sources.push((
            path.display().to_string(),
            Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
        ));
    }
    let s = desk.import_sources(sources)?;
    print_warnings(&s.warnings);
    outln!(
        "{}: {} reference, {} petitioners, {} matters, {} contacts, {} events",
        ctx.lang.text().imported,
        s.reference,
        s.petitioners,
        s.matters,
        s.contacts,
        s.events
    );
    Ok(ExitCode::SUCCESS)
}

fn export(ctx: &Ctx, out: Option<PathBuf>) -> Result<ExitCode> {
    let desk = ctx.open()?;
    match out {
        Some(path) => {
            // Written beside the target (owner only, never through a
            // link) and renamed, so a reader never sees half a file.
            let mut partial = crate::secure_file::Partial::create(&path)?;
            let tmp = partial.path().to_path_buf();
            let s = {
                let mut w = BufWriter::new(&mut partial);
                let s = desk.export(&mut w, &path.display().to_string())?;
                w.flush().map_err(io_err(&tmp))?;
                s
            };
            partial.commit()?;
            let t = ctx.lang.text();
            eprintln!("{}: {} lines → {}", t.exported, s.lines, path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            desk.export(&mut w, "stdout")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn migrate(ctx: &Ctx) -> Result<ExitCode> {
    let t = ctx.lang.text();
    refuse_while_served(&ctx.db, &ctx.socket, "migrate it")?;
    let m = Desk::migrate(&ctx.db, &ctx.opts, &current_unix_user())?;
    if m.from == m.to {
        outln!("{}: schema {}", t.migrate_none, m.to);
    } else {
        outln!(
            "{}: schema {} → {}, {} matters",
            t.migrated,
            m.from,
            m.to,
            m.matters
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn compact(ctx: &Ctx) -> Result<ExitCode> {
    use crate::service::compact::mib;
    refuse_while_served(&ctx.db, &ctx.socket, "compact it")?;
    let c = Desk::compact(&ctx.db, &ctx.opts, &current_unix_user())?;
    outln!(
        "{}: {} → {} ({} keys)",
        ctx.lang.text().compacted,
        mib(c.before),
        mib(c.after),
        c.keys
    );
    Ok(ExitCode::SUCCESS)
}

/// Verifies the database; a failure when anything is damaged.
fn check(ctx: &Ctx) -> Result<ExitCode> {
    let t = ctx.lang.text();
    let desk = ctx.open()?;
    let report = desk.check()?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    if let Some(year) = desk.holiday_warning(desk.today())? {
        eprintln!("{}", ctx.lang.no_holiday_list(year));
    }
    if report.is_ok() {
        outln!(
            "{}: {} records, {} index entries",
            t.check_ok,
            report.records,
            report.index_entries
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &report.problems {
            eprintln!("{p}");
        }
        eprintln!("{}: {}", t.check_failed, report.problems.len());
        Ok(ExitCode::FAILURE)
    }
}

fn office(ctx: &Ctx, what: Option<super::office::OfficeCommand>) -> Result<ExitCode> {
    let desk = ctx.open()?;
    let out = super::office::run(&*desk, what, ctx.lang)?;
    outln!("{}", out.trim_end());
    Ok(ExitCode::SUCCESS)
}

/// The holiday list on file, one line per year.
fn show_holidays(ctx: &Ctx) -> Result<ExitCode> {
    let lang = ctx.lang;
    let desk = ctx.open()?;
    let list = desk.holidays()?;
    let years = crate::service::holidays::by_year(&list);
    if years.is_empty() {
        outln!("{}", lang.no_holidays_on_file());
    }
    for y in years {
        let show = |days: &[time::Date]| {
            let runs = crate::service::holidays::runs(days);
            if runs.is_empty() {
                "-".to_string()
            } else {
                runs.join(", ")
            }
        };
        outln!(
            "{}",
            lang.holiday_year(
                y.year,
                &show(&y.holidays),
                y.holidays.len(),
                &show(&y.workdays),
                y.workdays.len()
            )
        );
    }
    if let Some(year) = desk.holiday_warning(desk.today())? {
        eprintln!("{}", lang.no_holiday_list(year));
    }
    Ok(ExitCode::SUCCESS)
}

/// Replaces the holiday list with the one in `file`.
fn set_holidays(ctx: &Ctx, file: &Path) -> Result<ExitCode> {
    let t = ctx.lang.text();
    let desk = ctx.open()?;
    let text = crate::small_file::read(file).map_err(io_err(file))?;
    let days = crate::service::holidays::parse(&text, &file.display().to_string())
        .map_err(ServiceError::Invalid)?;
    let (n, w) = (days.off.len(), days.workdays.len());
    let redated = desk.set_holidays(days)?;
    outln!(
        "{}: {n} + {w}; {redated} {}",
        t.holidays_set,
        t.open_matters_redated
    );
    Ok(ExitCode::SUCCESS)
}

/// Looks the installation over; a failure when any finding is an error.
fn doctor(ctx: &Ctx, backups: Option<&Path>) -> Result<ExitCode> {
    let lang = ctx.lang;
    let findings = super::doctor::examine(
        &ctx.db,
        &ctx.socket,
        backups,
        std::time::SystemTime::now(),
        || ctx.open(),
    );
    let count = |s| findings.iter().filter(|f| f.severity() == s).count();
    let (errors, warnings) = (
        count(super::doctor::Severity::Error),
        count(super::doctor::Severity::Warning),
    );
    for f in &findings {
        outln!("{}", lang.doctor_line(f));
    }
    outln!("{}", lang.doctor_summary(errors, warnings));
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn generate(ctx: &Ctx, petitioners: u64, contacts: u64, seed: u64, out: &Path) -> Result<ExitCode> {
    let params = crate::gen::GenParams {
        petitioners,
        contacts,
        seed,
        ..Default::default()
    };
    let file = File::create(out).map_err(io_err(out))?;
    let mut w = BufWriter::new(file);
    let s = crate::gen::generate(&params, &mut w).map_err(io_err(out))?;
    w.flush().map_err(io_err(out))?;
    eprintln!("{}: {} → {}", ctx.lang.text().generated, s, out.display());
    Ok(ExitCode::SUCCESS)
}

/// Refuses a command that must hold the database itself (`what`: "migrate
/// it") while a server answers on `socket`, naming the server rather than a
/// lock.
fn refuse_while_served(db: &Path, socket: &Path, what: &str) -> Result<()> {
    use crate::server::socket::{probe, Probe};
    if matches!(probe(socket), Ok(Probe::Live)) {
        return Err(ServiceError::Invalid(format!(
            "database {} is held by xfdesk serve on {}; stop the server (systemctl stop xfdesk, or SIGTERM) to {what}, then start it again",
            db.display(),
            socket.display()
        )));
    }
    Ok(())
}

/// Serves the database at `db` until a signal stops it.
fn serve(
    db: &Path,
    opts: &OpenOptions,
    socket: PathBuf,
    max_clients: usize,
    max_per_login: usize,
    lookup_pace: bool,
) -> Result<()> {
    use crate::server::{socket, ServeOptions, Server};
    use crate::store::{Store, StoreError};
    // Said before opening the database, which a live server holds.
    socket::refuse_taken(&socket)?;
    let store = match Store::open(db, opts) {
        Err(StoreError::Locked(_)) => {
            return Err(ServiceError::Invalid(format!(
                "database {} is held by another process: another xfdesk serve on another socket, or a desk or a command that is not serving it on {}; stop that first",
                db.display(),
                socket.display()
            )))
        }
        other => other?,
    };
    if let Some(r) = store.recovery() {
        eprintln!("xfdesk serve: {}: {r}", db.display());
    }
    if !lookup_pace {
        store.lookup_pace().set_on(false);
        eprintln!("xfdesk serve: the lookup pace is off (--no-lookup-pace): a login may search as fast as it likes; for load tests only");
    }
    let server = Server::bind(
        std::sync::Arc::new(store),
        ServeOptions {
            socket: socket.clone(),
            max_clients,
            max_per_login,
            ..ServeOptions::new(socket.clone())
        },
    )?;
    server.stop_on_signals()?;
    super::logging::start_stderr(super::logging::destination(|v| std::env::var_os(v)));
    eprintln!(
        "xfdesk serve: {} on {} (mode 0660, the database directory's group); stop with SIGTERM or Ctrl-C",
        db.display(),
        socket.display()
    );
    let served = server.run()?;
    eprintln!(
        "xfdesk serve: stopped after {} connections and {} requests; the store is flushed",
        served.connections, served.requests
    );
    Ok(())
}

/// Opens the desk screens with the session logged to `log`.
fn desk_screens(
    desk: &dyn DeskApi,
    lang: Lang,
    keys: &Keymap,
    theme: Theme,
    log: &Path,
) -> Result<()> {
    if let Err(e) = super::logging::start(log) {
        // Said before the screen opens; the desk works without a log.
        eprintln!("xfdesk: log {}: {e}", log.display());
    }
    let result = crate::tui::term::run(desk, lang, keys, theme);
    if let Err(e) = &result {
        tracing::error!("desk closed on an error: {e}");
    }
    result
}

fn print_warnings(ws: &[crate::service::import::Problem]) {
    for w in ws {
        eprintln!("{w}");
    }
}
