//! `xfdesk report …`: scorecards, statistics and zero-visit villages in any
//! format, to standard output or atomically to a file.

use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::i18n::Lang;
use crate::report::{self, Format, Names, Sheet};
use crate::service::{DeskApi, ServiceError};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use time::macros::format_description;
use time::Date;

type Result<T> = std::result::Result<T, ServiceError>;

/// The period of a report: --from and --to, or one of --month, --quarter,
/// --year (statistical months, see `report month-start`).
#[derive(Debug, Args)]
#[group(id = "period", required = true, multiple = true)]
pub struct PeriodArgs {
    /// First day (YYYY-MM-DD), inclusive; needs --to
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to",
          conflicts_with_all = ["month", "quarter", "year"])]
    pub from: Option<Date>,
    /// Last day (YYYY-MM-DD), inclusive; needs --from
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<Date>,
    /// A statistical month (YYYY-MM)
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month,
          conflicts_with_all = ["quarter", "year"])]
    pub month: Option<(i32, u8)>,
    /// A statistical quarter (YYYY-Qn)
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter, conflicts_with = "year")]
    pub quarter: Option<(i32, u8)>,
    /// A statistical year (YYYY)
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<i32>,
}

/// The brief's period: a statistical month, or --from and --to; neither
/// means the last complete statistical month.
#[derive(Debug, Args)]
pub struct BriefPeriod {
    /// First day (YYYY-MM-DD), inclusive; needs --to
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to",
          conflicts_with = "month")]
    pub from: Option<Date>,
    /// Last day (YYYY-MM-DD), inclusive; needs --from
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<Date>,
    /// A statistical month (YYYY-MM)
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub month: Option<(i32, u8)>,
}

/// How the brief is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefFormat {
    Text,
    Json,
    Xlsx,
    Docx,
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub struct OutArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write here (atomically) instead of standard output; needed for xlsx
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Town scorecards (三无 by default), or with --town and --criterion the
    /// contacts behind one count
    Scorecard {
        #[command(flatten)]
        period: PeriodArgs,
        /// Scorecard rules (TOML) [default: the built-in 三无]
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        #[command(flatten)]
        out: OutArgs,
        /// Drill down: this town's contacts that --criterion counts
        #[arg(long, value_name = "CODE", requires = "criterion")]
        town: Option<String>,
        /// Drill down: a criterion id of the rules; needs --town
        #[arg(long, value_name = "ID", requires = "town")]
        criterion: Option<String>,
    },
    /// Statistics of a period: totals, rates, by channel, level, category, town
    Stats {
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Villages with no contact in the period (零访村)
    ZeroVisit {
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Each responsible unit's matters received and rates, ranked, with its
    /// matters overdue now
    Units {
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// The monthly brief (信访摘报): totals against the period before and a
    /// year before, hotspots, units, the scorecard's failing towns, a
    /// 12-month trend [default period: the last complete statistical month]
    Brief {
        #[command(flatten)]
        period: BriefPeriod,
        #[arg(long, value_enum, default_value = "text")]
        format: BriefFormat,
        /// Write here (atomically) instead of standard output; needed for xlsx and docx
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Scorecard rules (TOML) for the failing towns [default: the built-in 三无]
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
    /// Show, or set (admin), the day the statistical month starts: 1 is the
    /// calendar month, 21 runs month M from the 21st of M-1 to the 20th of M
    MonthStart { day: Option<u8> },
    /// Key cases per leader and per unit: open and overdue at the end,
    /// opened, resolved and cleared within; --sessions: reception sessions
    /// per leader per month against the rota
    Cases {
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: OutArgs,
        #[arg(long)]
        sessions: bool,
    },
}

pub(super) fn parse_date(s: &str) -> std::result::Result<Date, String> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map_err(|_| "not a date of the form YYYY-MM-DD".to_string())
}

fn parse_month(s: &str) -> std::result::Result<(i32, u8), String> {
    let bad = || "not a month of the form YYYY-MM".to_string();
    let (y, m) = s.split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u8) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if y.to_string().len() != 4 || !(1..=12).contains(&m) {
        return Err(bad());
    }
    Ok((y, m))
}

fn parse_quarter(s: &str) -> std::result::Result<(i32, u8), String> {
    let bad = || "not a quarter of the form YYYY-Q1 … YYYY-Q4".to_string();
    let (y, q) = s.split_once(['-']).ok_or_else(bad)?;
    let q = q.strip_prefix(['Q', 'q']).ok_or_else(bad)?;
    let (y, q): (i32, u8) = (
        parse_year(y).map_err(|_| bad())?,
        q.parse().map_err(|_| bad())?,
    );
    if !(1..=4).contains(&q) {
        return Err(bad());
    }
    Ok((y, q))
}

fn parse_year(s: &str) -> std::result::Result<i32, String> {
    match s.parse::<i32>() {
        Ok(y) if s.len() == 4 && (1900..=9999).contains(&y) => Ok(y),
        _ => Err("not a year of the form YYYY".to_string()),
    }
}

/// A usage error: clap's message and exit status 2, before anything is opened.
pub(super) fn usage(kind: clap::error::ErrorKind, msg: String) -> ! {
    use clap::CommandFactory;
    super::Cli::command().error(kind, msg).exit()
}

/// Usage checks that need no database: a period that ends before it starts,
/// xlsx without a file to write.
pub fn check_usage(command: &ReportCommand) {
    let (period, out) = match command {
        ReportCommand::Scorecard { period, out, .. }
        | ReportCommand::Stats { period, out }
        | ReportCommand::Units { period, out }
        | ReportCommand::ZeroVisit { period, out }
        | ReportCommand::Cases { period, out, .. } => (period, out),
        ReportCommand::Brief { format, out, .. } => {
            if matches!(format, BriefFormat::Xlsx | BriefFormat::Docx) && out.is_none() {
                usage(
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "--format xlsx and docx need --out FILE (a document is not written to a terminal)"
                        .into(),
                );
            }
            return;
        }
        ReportCommand::MonthStart { .. } => return,
    };
    if let (Some(from), Some(to)) = (period.from, period.to) {
        if let Err(e) = Period::custom(from, to) {
            usage(
                clap::error::ErrorKind::ValueValidation,
                format!("--from/--to: {e}"),
            );
        }
    }
    if out.format == Format::Xlsx && out.out.is_none() {
        usage(
            clap::error::ErrorKind::MissingRequiredArgument,
            "--format xlsx needs --out FILE (a workbook is not written to a terminal)".into(),
        );
    }
}

impl PeriodArgs {
    fn period(&self, start_day: u8) -> Result<Period> {
        let p = match (self.from, self.to, self.month, self.quarter, self.year) {
            (Some(from), Some(to), ..) => Period::custom(from, to),
            (_, _, Some((y, m)), ..) => Period::month(y, m, start_day),
            (_, _, _, Some((y, q)), _) => Period::quarter(y, q, start_day),
            (_, _, _, _, Some(y)) => Period::year(y, start_day),
            // clap requires one of them.
            _ => unreachable!("clap requires a period"),
        };
        p.map_err(|e| ServiceError::Invalid(e.to_string()))
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ServiceError + '_ {
    move |e| ServiceError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Writes `bytes` to `out`: beside the target (owner only, never through a
/// link), synced, then renamed over it, so a reader never sees half a
/// report; or to standard output.
fn emit(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => Ok(crate::secure_file::write(path, bytes)?),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|_| stdout.flush())
                .map_err(io_err(Path::new("standard output")))
        }
    }
}

/// A sheet in a human format.
fn render(sheet: &Sheet, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Table => Ok(report::table_text(sheet).into_bytes()),
        Format::Csv => Ok(report::csv(sheet)),
        Format::Xlsx => report::xlsx(sheet).map_err(ServiceError::Invalid),
        Format::Json => unreachable!("JSON is written from the data, not a sheet"),
    }
}

fn load_rules(path: Option<&Path>) -> Result<Rules> {
    let Some(path) = path else {
        return Ok(Rules::three_no());
    };
    let text = crate::small_file::read(path).map_err(io_err(path))?;
    Rules::parse(&text, &path.display().to_string())
        .map_err(|errs| ServiceError::Invalid(errs.join("\n")))
}

pub fn run(desk: &dyn DeskApi, command: ReportCommand, lang: Lang) -> Result<()> {
    let start = desk.stat_start_day()?;
    match command {
        ReportCommand::Scorecard {
            period,
            rules,
            out,
            town,
            criterion,
        } => {
            // The rules file is read before the database is scanned: a bad
            // file is refused at once.
            let rules = load_rules(rules.as_deref())?;
            let period = period.period(start)?;
            let bytes = match (town, criterion) {
                (Some(town), Some(criterion)) => {
                    drill_down(desk, &rules, period, &town, &criterion, out.format, lang)?
                }
                _ => scorecard(desk, &rules, period, out.format, lang)?,
            };
            emit(out.out.as_deref(), &bytes)
        }
        ReportCommand::Stats { period, out } => {
            let bytes = stats(desk, period.period(start)?, out.format, lang)?;
            emit(out.out.as_deref(), &bytes)
        }
        ReportCommand::ZeroVisit { period, out } => {
            let bytes = zero_visit(desk, period.period(start)?, out.format, lang)?;
            emit(out.out.as_deref(), &bytes)
        }
        ReportCommand::Units { period, out } => {
            let bytes = units(desk, period.period(start)?, out.format, lang)?;
            emit(out.out.as_deref(), &bytes)
        }
        ReportCommand::Brief {
            period,
            format,
            out,
            rules,
        } => {
            let rules = load_rules(rules.as_deref())?;
            let period = period.period(start, desk.today())?;
            let bytes = brief(desk, period, &rules, format, lang)?;
            emit(out.as_deref(), &bytes)
        }
        ReportCommand::Cases {
            period,
            out,
            sessions,
        } => {
            let bytes = cases(desk, period.period(start)?, out.format, sessions, lang)?;
            emit(out.out.as_deref(), &bytes)
        }
        ReportCommand::MonthStart { day: None } => emit(None, format!("{start}\n").as_bytes()),
        ReportCommand::MonthStart { day: Some(day) } => {
            desk.set_stat_start_day(day)?;
            emit(None, format!("{day}\n").as_bytes())
        }
    }
}

/// Every town's scorecard under `rules`.
fn scorecard(
    desk: &dyn DeskApi,
    rules: &Rules,
    period: Period,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>> {
    let scores = desk.scorecard(rules.clone(), period)?;
    if format == Format::Json {
        Ok(report::json(&scores).into_bytes())
    } else {
        render(
            &report::scorecard_sheet(rules, &period, &scores, lang),
            format,
        )
    }
}

/// The contacts of `town` that `criterion` of `rules` counts.
fn drill_down(
    desk: &dyn DeskApi,
    rules: &Rules,
    period: Period,
    town: &str,
    criterion: &str,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>> {
    let page = desk.scorecard_contacts(
        rules.clone(),
        period,
        town.to_string(),
        criterion.to_string(),
        usize::MAX,
    )?;
    super::tell_cut(&page, lang.text().first_rows);
    let contacts = page.rows;
    let tz = desk.tz();
    if format == Format::Json {
        return Ok(report::contacts_json(&contacts, tz).into_bytes());
    }
    let w = report::words(lang);
    let label = rules
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .map_or("", |c| &c.label);
    let title = format!(
        "{} {town} {label} {} {} {} {}",
        w.contacts, w.period, period.from, w.to, period.to
    );
    render(&report::contacts_sheet(&title, &contacts, tz, lang), format)
}

/// The statistics of `period`.
fn stats(desk: &dyn DeskApi, period: Period, format: Format, lang: Lang) -> Result<Vec<u8>> {
    let stats = desk.stats(period)?;
    if format == Format::Json {
        return Ok(report::json(&report::StatsJson::from(&stats)).into_bytes());
    }
    render(
        &report::stats_sheet(&stats, &period, &names(desk)?, lang),
        format,
    )
}

/// The names of the office's towns and categories, for tables that would
/// otherwise show codes.
pub fn names(desk: &dyn DeskApi) -> Result<Names> {
    Ok(Names {
        towns: desk.town_names()?,
        categories: desk
            .categories()?
            .into_iter()
            .map(|c| (c.code, c.name))
            .collect(),
    })
}

/// The villages with no visit in `period` (零访村).
fn zero_visit(desk: &dyn DeskApi, period: Period, format: Format, lang: Lang) -> Result<Vec<u8>> {
    let villages = desk.zero_visit_villages(period)?;
    if format == Format::Json {
        Ok(report::json(&villages).into_bytes())
    } else {
        render(
            &report::villages_sheet(&villages, &period, &desk.town_names()?, lang),
            format,
        )
    }
}

impl BriefPeriod {
    fn period(&self, start_day: u8, today: Date) -> Result<Period> {
        let p = match (self.from, self.to, self.month) {
            (Some(from), Some(to), _) => Period::custom(from, to),
            (_, _, Some((y, m))) => Period::month(y, m, start_day),
            _ => {
                // The statistical month before today's: the last complete one.
                let (y, m) = Period::stat_month_of(today, start_day);
                let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                Period::month(y, m, start_day)
            }
        };
        p.map_err(|e| ServiceError::Invalid(e.to_string()))
    }
}

/// Each unit's row of `period`.
fn units(desk: &dyn DeskApi, period: Period, format: Format, lang: Lang) -> Result<Vec<u8>> {
    let rows = desk.unit_performance(period)?;
    if format == Format::Json {
        return Ok(report::json(&rows).into_bytes());
    }
    render(&report::brief::units_sheet(&rows, &period, lang), format)
}

/// The brief of `period`.
fn brief(
    desk: &dyn DeskApi,
    period: Period,
    rules: &Rules,
    format: BriefFormat,
    lang: Lang,
) -> Result<Vec<u8>> {
    let brief = desk.brief(period, rules.clone())?;
    if format == BriefFormat::Json {
        return Ok(report::json(&brief).into_bytes());
    }
    let sheets = report::brief::brief_sheets(&brief, rules, &names(desk)?, lang);
    match format {
        BriefFormat::Xlsx => {
            let charts = report::brief::brief_charts(lang);
            let tab = crate::i18n::brief_words(lang).charts;
            report::xlsx_book(&sheets, &charts, tab).map_err(ServiceError::Invalid)
        }
        BriefFormat::Docx => {
            let office = desk.notice_settings()?.office_name;
            let title = report::brief::brief_title(&brief, lang);
            report::brief_docx::brief_docx(&office, &title, &sheets).map_err(ServiceError::Invalid)
        }
        _ => Ok(report::brief::brief_text(&brief, &sheets, lang).into_bytes()),
    }
}

/// The key-case report, or the reception sessions with `sessions`.
fn cases(
    desk: &dyn DeskApi,
    period: Period,
    format: Format,
    sessions: bool,
    lang: Lang,
) -> Result<Vec<u8>> {
    let r = desk.case_report(period)?;
    match (format, sessions) {
        (Format::Json, false) => Ok(report::json(&r.rows).into_bytes()),
        (Format::Json, true) => Ok(report::json(&r.sessions).into_bytes()),
        (_, false) => render(&report::cases::cases_sheet(&r, &period, lang), format),
        (_, true) => render(&report::cases::sessions_sheet(&r, &period, lang), format),
    }
}
