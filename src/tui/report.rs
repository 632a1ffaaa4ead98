//! The report screens (F5 scorecards, F6 statistics): the period picker, the
//! work that computes a report off the draw path, drill-down and export.

use super::action::Action;
use super::model::{Model, Msg, Screen};
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::{Contact, Village};
use crate::report::{Names, Sheet};
use crate::service::report::{Stats, TownScore};
use crate::service::{DeskApi, Result};
use std::collections::HashMap;
use time::Date;

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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobOutput {
    Scorecard(Vec<TownScore>),
    Stats(Box<Stats>),
    Drill(Vec<Contact>),
    ZeroVisit(Vec<Village>),
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
    })
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
    /// A job asked for and not yet started, with its number.
    pub pending: Option<(u64, Job)>,
    /// The number of the job whose answer is awaited, and its progress.
    pub running: Option<(u64, u8)>,
    jobs: u64,
    pub names: Names,
    /// Where `e` writes the screen's report (the directory the desk started in).
    pub export_dir: std::path::PathBuf,
}

impl ReportState {
    pub fn new(today: Date, start_day: u8) -> ReportState {
        ReportState {
            picker: Picker::around(today, start_day),
            four_no: false,
            scores: None,
            stats: None,
            selected: 0,
            column: 0,
            drill: Vec::new(),
            drill_title: String::new(),
            drill_selected: 0,
            villages: None,
            pending: None,
            running: None,
            jobs: 0,
            names: Names::default(),
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
    fn ask(&mut self, job: Job) {
        self.jobs += 1;
        self.pending = Some((self.jobs, job));
        self.running = Some((self.jobs, 0));
    }
}

/// Runs the pending job here and now: for tests and for callers without a
/// worker thread.
pub fn run_pending(model: &mut Model, desk: &dyn DeskApi) -> Result<()> {
    if let Some((n, job)) = model.report.pending.take() {
        let out = run(desk, &job, &model.report.rules(), &mut |_| {});
        let msg = Msg::Done(n, out.map_err(|e| model.lang.error(&e)));
        super::model::update(model, msg, desk)?;
    }
    Ok(())
}

/// Opens F5 or F6 for those whose role may see reports.
pub fn open(model: &mut Model, screen: Screen, desk: &dyn DeskApi) -> Result<()> {
    if !crate::domain::permit::may(desk.user().role, crate::domain::permit::Duty::Reports) {
        model.refuse(desk, crate::service::deed::VIEW_REPORTS);
        return Ok(());
    }
    if model.report.names.towns.is_empty() {
        model.report.names = Names {
            towns: model.towns.clone(),
            categories: desk
                .categories()?
                .into_iter()
                .map(|c| (c.code, c.name))
                .collect::<HashMap<_, _>>(),
        };
    }
    model.push(screen);
    refresh(model);
    Ok(())
}

/// Asks for the open screen's report over the picked period.
fn refresh(model: &mut Model) {
    let r = &mut model.report;
    let period = r.picker.period();
    match model.stack.last() {
        Some(Screen::Scorecard) => {
            r.scores = None;
            r.ask(Job::Scorecard(period));
        }
        Some(Screen::Stats) => {
            r.stats = None;
            r.ask(Job::Stats(period));
        }
        _ => {}
    }
}

/// An answer from the worker: kept if it answers the latest question.
pub fn done(model: &mut Model, n: u64, out: std::result::Result<JobOutput, String>) {
    let r = &mut model.report;
    if r.running.map(|(m, _)| m) != Some(n) {
        return;
    }
    r.running = None;
    match out {
        Ok(JobOutput::Scorecard(s)) => {
            r.selected = r.selected.min(s.len().saturating_sub(1));
            r.scores = Some(s);
        }
        Ok(JobOutput::Stats(s)) => r.stats = Some(*s),
        Ok(JobOutput::Drill(c)) => {
            r.drill = c;
            r.drill_selected = 0;
        }
        Ok(JobOutput::ZeroVisit(v)) => r.villages = Some(v),
        Err(e) => model.status = Some(e),
    }
}

/// Keys on the report screens.
pub fn act(model: &mut Model, a: Action, desk: &dyn DeskApi) -> Result<bool> {
    let screen = model.screen();
    let r = &mut model.report;
    match a {
        Action::PrevPeriod | Action::NextPeriod => {
            r.picker.step(if a == Action::PrevPeriod { -1 } else { 1 });
        }
        Action::PeriodMonth => r.picker.set_kind(PeriodKind::Month),
        Action::PeriodQuarter => r.picker.set_kind(PeriodKind::Quarter),
        Action::PeriodYear => r.picker.set_kind(PeriodKind::Year),
        Action::ToggleRules if screen == Screen::Scorecard => {
            r.four_no = !r.four_no;
            r.column = 0;
        }
        Action::NextField | Action::PrevField if screen == Screen::Scorecard => {
            let n = r.rules().criteria.len().max(1);
            let by = if a == Action::NextField { 1 } else { n - 1 };
            r.column = (r.column + by) % n;
            return Ok(true);
        }
        Action::Open if screen == Screen::Scorecard => {
            let town = r.scores.as_ref().and_then(|s| s.get(r.selected)).cloned();
            let rules = r.rules();
            if let (Some(t), Some(c)) = (town, rules.criteria.get(r.column)) {
                r.drill.clear();
                r.drill_title = format!("{} · {}", t.name, c.label);
                let job = Job::Drill {
                    period: r.picker.period(),
                    town: t.town,
                    criterion: c.id.clone(),
                };
                r.ask(job);
                model.push(Screen::Drill);
            }
            return Ok(true);
        }
        Action::Open if screen == Screen::Drill => {
            let first = r
                .drill
                .get(r.drill_selected)
                .and_then(|c| c.petitioners.first());
            if let Some(id) = first.copied() {
                model.card = desk.petitioner_card(id)?;
                model.card_selected = 0;
                model.push(Screen::Card);
            }
            return Ok(true);
        }
        Action::ZeroVisit if screen == Screen::Scorecard => {
            r.villages = None;
            let period = r.picker.period();
            r.ask(Job::ZeroVisit(period));
            model.push(Screen::ZeroVisit);
            return Ok(true);
        }
        Action::Export if matches!(screen, Screen::Scorecard | Screen::Stats) => {
            export(model);
            return Ok(true);
        }
        Action::Up
        | Action::Down
        | Action::First
        | Action::Last
        | Action::PageUp
        | Action::PageDown => {
            let (n, sel) = match screen {
                Screen::Scorecard => (r.scores.as_ref().map_or(0, Vec::len), &mut r.selected),
                Screen::Drill => (r.drill.len(), &mut r.drill_selected),
                _ => return Ok(false),
            };
            let last = n.saturating_sub(1);
            *sel = match a {
                Action::Up => sel.saturating_sub(1),
                Action::Down => (*sel + 1).min(last),
                Action::PageUp => sel.saturating_sub(10),
                Action::PageDown => (*sel + 10).min(last),
                Action::First => 0,
                _ => last,
            };
            return Ok(true);
        }
        _ => return Ok(false),
    }
    refresh(model);
    Ok(true)
}

/// The sheet of the screen's report, if it has one yet.
pub fn sheet(model: &Model) -> Option<(Sheet, String)> {
    let r = &model.report;
    let period = r.picker.period();
    let stem = format!("{}-{}", period.from, period.to);
    match model.screen() {
        Screen::Scorecard => r.scores.as_ref().map(|s| {
            let rules = r.rules();
            let sheet = crate::report::scorecard_sheet(&rules, &period, s, model.lang);
            (sheet, format!("scorecard-{stem}.xlsx"))
        }),
        Screen::Stats => r.stats.as_ref().map(|s| {
            let sheet = crate::report::stats_sheet(s, &period, &r.names, model.lang);
            (sheet, format!("stats-{stem}.xlsx"))
        }),
        _ => None,
    }
}

/// Writes the screen's report as xlsx in the current directory, beside a
/// temporary name first so a reader never sees half a file.
fn export(model: &mut Model) {
    let t = model.lang.text();
    let Some((sheet, name)) = sheet(model) else {
        return;
    };
    let path = model.report.export_dir.join(name);
    let written = crate::report::xlsx(&sheet)
        .and_then(|bytes| crate::secure_file::write(&path, &bytes).map_err(|e| e.to_string()));
    model.status = Some(match written {
        Ok(()) => format!("{}{}", t.exported_to, path.display()),
        Err(e) => format!("{}: {e}", path.display()),
    });
}
