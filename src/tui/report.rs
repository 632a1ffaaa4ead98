//! The report screens (F5 scorecards, F6 statistics): the period picker, the
//! work that computes a report off the draw path, drill-down and export.

use super::action::Action;
use crate::domain::case::Case;
use crate::domain::keylist::Candidate;
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::{Contact, LedgerNo, Village};
use crate::i18n::Lang;
use crate::report::{Names, Sheet};
use crate::service::cases::report::CaseReport;
use crate::service::page::Page;
use crate::service::report::{Brief, Stats, TownScore, UnitMeasure, UnitRow};
use crate::service::{DeskApi, Result};
use std::collections::HashMap;
use time::Date;

/// Candidates a list shows, the most contacts first.
const CANDIDATES: usize = 500;

const FOUR_NO: &str = include_str!("../../fixtures/rules/four-no.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

/// The period a report covers: a statistical month, quarter or year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picker {
    pub kind: PeriodKind,
    pub year: i32,
    /// Month (1–12) or quarter (1–4); unused for a year.
    pub index: u8,
    /// The office's first day of a statistical month.
    pub start_day: u8,
}

impl Picker {
    /// The statistical month holding `today`.
    pub fn around(today: Date, start_day: u8) -> Picker {
        let (year, month) = Period::stat_month_of(today, start_day);
        Picker {
            kind: PeriodKind::Month,
            year,
            index: month,
            start_day,
        }
    }

    /// The period a report screen opens on: the statistical month holding
    /// `today`, except on its first day, when nothing is in it yet — then
    /// the month just ended.
    pub fn opening(today: Date, start_day: u8) -> Picker {
        let mut p = Picker::around(today, start_day);
        if today.day() == start_day.max(1) {
            p.step(-1);
        }
        p
    }

    pub fn period(&self) -> Period {
        let p = match self.kind {
            PeriodKind::Month => Period::month(self.year, self.index, self.start_day),
            PeriodKind::Quarter => Period::quarter(self.year, self.index, self.start_day),
            PeriodKind::Year => Period::year(self.year, self.start_day),
        };
        p.expect("the picker only holds valid periods")
    }

    /// One period earlier (`by` < 0) or later.
    pub fn step(&mut self, by: i32) {
        let per_year = match self.kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::Year => {
                self.year += by;
                return;
            }
        };
        let i = self.year * per_year + i32::from(self.index) - 1 + by;
        self.year = i.div_euclid(per_year);
        self.index = (i.rem_euclid(per_year) + 1) as u8;
    }

    /// Another kind of period holding the same month.
    pub fn set_kind(&mut self, kind: PeriodKind) {
        let month = match self.kind {
            PeriodKind::Month => self.index,
            PeriodKind::Quarter => (self.index - 1) * 3 + 1,
            PeriodKind::Year => 1,
        };
        self.index = match kind {
            PeriodKind::Month => month,
            PeriodKind::Quarter => (month - 1) / 3 + 1,
            PeriodKind::Year => 1,
        };
        self.kind = kind;
    }
}

/// Work done off the draw path: a year over a million contacts takes a
/// noticeable moment, and the screen must stay live meanwhile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    Scorecard(Period),
    Stats(Period),
    Drill {
        period: Period,
        town: String,
        criterion: String,
    },
    ZeroVisit(Period),
    Units(Period),
    Brief(Period),
    UnitMatters {
        period: Period,
        unit: String,
        measure: UnitMeasure,
    },
    /// The key cases report.
    Cases(Period),
    /// Matters that look like key cases on a day (every matter is read).
    Candidates(Date),
    /// The cases behind one row of it: `by` is `leader` or `unit`.
    CaseRows {
        period: Period,
        by: String,
        who: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobOutput {
    Scorecard(Vec<TownScore>),
    Stats(Box<Stats>),
    Drill(Vec<Contact>),
    ZeroVisit(Vec<Village>),
    Units(Vec<UnitRow>),
    Brief(Box<Brief>),
    UnitMatters(Vec<(LedgerNo, Option<bool>)>),
    Cases(Box<CaseReport>),
    CaseRows(Vec<Case>),
    Candidates(Page<Candidate>),
}

/// Runs `job` with these `rules`, reporting progress from 0 to 100.
pub fn run(
    desk: &dyn DeskApi,
    job: &Job,
    rules: &Rules,
    progress: &mut dyn FnMut(u8),
) -> Result<JobOutput> {
    let mut percent = |p: f32| progress((p.clamp(0.0, 1.0) * 100.0) as u8);
    Ok(match job {
        Job::Scorecard(p) => {
            JobOutput::Scorecard(desk.scorecard_with_progress(rules, p, &mut percent)?)
        }
        Job::Stats(p) => JobOutput::Stats(Box::new(desk.stats_with_progress(p, &mut percent)?)),
        Job::Drill {
            period,
            town,
            criterion,
        } => JobOutput::Drill(
            desk.scorecard_contacts(
                rules.clone(),
                *period,
                town.clone(),
                criterion.clone(),
                usize::MAX,
            )?
            .rows,
        ),
        Job::ZeroVisit(p) => JobOutput::ZeroVisit(desk.zero_visit_villages(*p)?),
        Job::Units(p) => JobOutput::Units(desk.unit_performance(*p)?),
        Job::Brief(p) => JobOutput::Brief(Box::new(desk.brief(*p, rules.clone())?)),
        Job::UnitMatters {
            period,
            unit,
            measure,
        } => JobOutput::UnitMatters(desk.unit_matters(*period, unit.clone(), *measure)?),
        Job::Cases(p) => JobOutput::Cases(Box::new(desk.case_report(*p)?)),
        Job::Candidates(day) => JobOutput::Candidates(desk.case_candidates(*day, CANDIDATES)?),
        Job::CaseRows { period, by, who } => {
            JobOutput::CaseRows(desk.case_report_cases(*period, by.clone(), who.clone())?)
        }
    })
}

/// Which report screen's workbook `e` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Scorecard,
    Stats,
    Units,
    Brief,
    Cases,
}

/// What the report screens hold.
pub struct ReportState {
    pub picker: Picker,
    /// 三无 (the built-in default) or 四无.
    pub four_no: bool,
    pub scores: Option<Vec<TownScore>>,
    pub stats: Option<Stats>,
    pub selected: usize,
    /// The criterion a drill-down opens.
    pub column: usize,
    pub drill: Vec<Contact>,
    pub drill_title: String,
    pub drill_selected: usize,
    pub villages: Option<Vec<Village>>,
    pub units: Option<Vec<UnitRow>>,
    pub brief: Option<Box<Brief>>,
    /// The matters behind the selected unit's number, when asked for.
    pub unit_matters: Option<Vec<(LedgerNo, Option<bool>)>>,
    pub cases: Option<Box<CaseReport>>,
    /// The cases behind the selected row of the key cases report, when asked for.
    pub case_rows: Option<Vec<Case>>,
    /// The matters suggested as key cases, when asked for.
    pub candidates: Option<Page<Candidate>>,
    /// A job asked for and not yet started, with its number.
    pub pending: Option<(u64, Job)>,
    /// The number of the job whose answer is awaited, and its progress.
    pub running: Option<(u64, u8)>,
    jobs: u64,
    pub names: Names,
    /// The statistical month holding today, (year, month): where `m` (or
    /// `q`) goes from a year view of this year.
    pub current: (i32, u8),
    /// Where `e` writes the screen's report (the directory the desk started in).
    pub export_dir: std::path::PathBuf,
}

impl ReportState {
    pub fn new(today: Date, start_day: u8) -> ReportState {
        ReportState {
            picker: Picker::opening(today, start_day),
            four_no: false,
            scores: None,
            stats: None,
            selected: 0,
            column: 0,
            drill: Vec::new(),
            drill_title: String::new(),
            drill_selected: 0,
            villages: None,
            units: None,
            brief: None,
            unit_matters: None,
            cases: None,
            case_rows: None,
            candidates: None,
            pending: None,
            running: None,
            jobs: 0,
            names: Names::default(),
            current: Period::stat_month_of(today, start_day),
            export_dir: std::env::current_dir().unwrap_or_else(|_| ".".into()),
        }
    }

    pub fn rules(&self) -> Rules {
        if self.four_no {
            Rules::parse(FOUR_NO, "fixtures/rules/four-no.toml").expect("the shipped rules parse")
        } else {
            Rules::three_no()
        }
    }

    /// Asks for `job`; an answer to an earlier one will be ignored.
    pub fn ask(&mut self, job: Job) {
        self.jobs += 1;
        self.pending = Some((self.jobs, job));
        self.running = Some((self.jobs, 0));
    }

    /// An answer from the worker, kept if it answers the latest question;
    /// a failure comes back to be said.
    pub fn done(&mut self, n: u64, out: std::result::Result<JobOutput, String>) -> Option<String> {
        if self.running.map(|(m, _)| m) != Some(n) {
            return None;
        }
        self.running = None;
        match out {
            Ok(JobOutput::Scorecard(s)) => {
                self.selected = self.selected.min(s.len().saturating_sub(1));
                self.scores = Some(s);
            }
            Ok(JobOutput::Stats(s)) => self.stats = Some(*s),
            Ok(JobOutput::Drill(c)) => {
                self.drill = c;
                self.drill_selected = 0;
            }
            Ok(JobOutput::ZeroVisit(v)) => self.villages = Some(v),
            Ok(JobOutput::Units(u)) => {
                self.selected = self.selected.min(u.len().saturating_sub(1));
                self.units = Some(u);
            }
            Ok(JobOutput::Brief(b)) => self.brief = Some(b),
            Ok(JobOutput::UnitMatters(m)) => {
                self.drill_selected = 0;
                self.unit_matters = Some(m);
            }
            Ok(JobOutput::Cases(c)) => self.cases = Some(c),
            Ok(JobOutput::Candidates(c)) => self.candidates = Some(c),
            Ok(JobOutput::CaseRows(c)) => {
                self.drill_selected = 0;
                self.case_rows = Some(c);
            }
            Err(e) => return Some(e),
        }
        None
    }

    /// A running job's progress, if it is the latest one asked for.
    pub fn progress(&mut self, n: u64, percent: u8) {
        if let Some((m, progress)) = self.running.as_mut() {
            if *m == n {
                *progress = percent;
            }
        }
    }

    /// The period keys of the report screens; false for any other key.
    pub fn period_key(&mut self, a: Action) -> bool {
        match a {
            Action::PrevPeriod => self.picker.step(-1),
            Action::NextPeriod => self.picker.step(1),
            Action::PeriodMonth | Action::PeriodQuarter if self.picker.kind == PeriodKind::Year => {
                self.leave_year(a == Action::PeriodMonth)
            }
            Action::PeriodMonth => self.picker.set_kind(PeriodKind::Month),
            Action::PeriodQuarter => self.picker.set_kind(PeriodKind::Quarter),
            Action::PeriodYear => self.picker.set_kind(PeriodKind::Year),
            _ => return false,
        }
        true
    }

    /// From a year to a month (or quarter) of it: the current statistical
    /// month when the year holds it, else the year's last month for a past
    /// year and its first for a year to come.
    fn leave_year(&mut self, month: bool) {
        let (year, now) = self.current;
        let m = match self.picker.year.cmp(&year) {
            std::cmp::Ordering::Equal => now,
            std::cmp::Ordering::Less => 12,
            std::cmp::Ordering::Greater => 1,
        };
        self.picker.kind = PeriodKind::Month;
        self.picker.index = m;
        if !month {
            self.picker.set_kind(PeriodKind::Quarter);
        }
    }

    /// The scorecard's or the statistics' sheet, if it has been computed,
    /// with the file name it is exported as.
    pub fn sheet(&self, scorecard: bool, lang: Lang) -> Option<(Sheet, String)> {
        let period = self.picker.period();
        let stem = format!("{}-{}", period.from, period.to);
        if scorecard {
            // The rules in the name: 三无 and 四无 of one period are two files.
            let rules = if self.four_no { "four-no" } else { "three-no" };
            self.scores.as_ref().map(|s| {
                let sheet = crate::report::scorecard_sheet(&self.rules(), &period, s, lang);
                (sheet, format!("scorecard-{rules}-{stem}"))
            })
        } else {
            self.stats.as_ref().map(|s| {
                let sheet = crate::report::stats_sheet(s, &period, &self.names, lang);
                (sheet, format!("stats-{stem}"))
            })
        }
    }

    /// The workbook of a report screen, if its report has been computed,
    /// with the file name it is exported as.
    fn workbook(&self, which: Export, lang: Lang) -> Option<(Result<Vec<u8>, String>, String)> {
        use crate::report::brief::{brief_charts, brief_sheets, units_sheet};
        let period = self.picker.period();
        let stem = format!("{}-{}", period.from, period.to);
        match which {
            Export::Scorecard | Export::Stats => self
                .sheet(which == Export::Scorecard, lang)
                .map(|(sheet, stem)| (crate::report::xlsx(&sheet), stem)),
            Export::Units => self.units.as_ref().map(|u| {
                (
                    crate::report::xlsx(&units_sheet(u, &period, lang)),
                    format!("units-{stem}"),
                )
            }),
            Export::Brief => self.brief.as_ref().map(|b| {
                let sheets = brief_sheets(b, &self.rules(), &self.names, lang);
                let tab = crate::i18n::brief_words(lang).charts;
                let book = crate::report::xlsx_book(&sheets, &brief_charts(lang), tab);
                (book, format!("brief-{stem}"))
            }),
            Export::Cases => self.cases.as_ref().map(|c| {
                use crate::report::cases::{cases_sheet, sessions_sheet};
                let sheets = [
                    cases_sheet(c, &period, lang),
                    sessions_sheet(c, &period, lang),
                ];
                (
                    crate::report::xlsx_book(&sheets, &[], ""),
                    format!("cases-{stem}"),
                )
            }),
        }
    }

    /// Writes the screen's report as xlsx in the export directory, beside a
    /// temporary name first so a reader never sees half a file, synced with
    /// its directory. A file already there is never replaced: the next free
    /// name (`…-2.xlsx`, `…-3.xlsx`) is taken. Returns the line to say,
    /// naming the file, or nothing when there is no report yet.
    pub fn export(&self, which: Export, lang: Lang) -> Option<String> {
        let (bytes, stem) = self.workbook(which, lang)?;
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => return Some(format!("{stem}.xlsx: {e}")),
        };
        let mut n = 1;
        Some(loop {
            let name = match n {
                1 => format!("{stem}.xlsx"),
                n => format!("{stem}-{n}.xlsx"),
            };
            let path = self.export_dir.join(name);
            match crate::secure_file::write_new(&path, &bytes) {
                Ok(()) => break format!("{}{}", lang.text().exported_to, path.display()),
                Err(e)
                    if e.source.kind() == std::io::ErrorKind::AlreadyExists
                        && e.path == path
                        && n < 100 =>
                {
                    n += 1
                }
                Err(e) => break e.to_string(),
            }
        })
    }
}

impl ReportState {
    /// Reads the category names the statistics show, once.
    pub fn load_names(
        &mut self,
        towns: &HashMap<String, String>,
        desk: &dyn DeskApi,
    ) -> Result<()> {
        if self.names.towns.is_empty() {
            self.names = Names {
                towns: towns.clone(),
                categories: desk
                    .categories()?
                    .into_iter()
                    .map(|c| (c.code, c.name))
                    .collect(),
            };
        }
        Ok(())
    }

    /// Asks for the scorecard of the picked period.
    pub fn ask_scorecard(&mut self) {
        self.scores = None;
        self.ask(Job::Scorecard(self.picker.period()));
    }

    /// Asks for the statistics of the picked period.
    pub fn ask_stats(&mut self) {
        self.stats = None;
        self.ask(Job::Stats(self.picker.period()));
    }

    /// Asks for the units' table of the picked period.
    pub fn ask_units(&mut self) {
        self.units = None;
        self.unit_matters = None;
        self.ask(Job::Units(self.picker.period()));
    }

    /// Asks for the key cases report of the picked period.
    pub fn ask_cases(&mut self) {
        self.cases = None;
        self.case_rows = None;
        self.ask(Job::Cases(self.picker.period()));
    }

    /// Asks for the brief of the picked period.
    pub fn ask_brief(&mut self) {
        self.brief = None;
        self.ask(Job::Brief(self.picker.period()));
    }
}
