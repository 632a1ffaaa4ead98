//! The desk's use-cases as one interface, `DeskApi`, served two ways: by a
//! `Desk` on the embedded store, or by a client over the socket of
//! `xfdesk serve` (the server's module). The screens and the commands hold a
//! `&dyn DeskApi` and do not know which.
//!
//! Each plain call is declared once below; the declaration makes the trait
//! method, the `Desk`'s side (a line of Rust), the request (`Call`) and the
//! side of any `Transport` (send the call, decode the answer), which is all
//! a client implements. Calls that stream (progress, import, export) are
//! written out by hand in `DeskApi`.

use super::act::ActionInput;
use super::audit::AuditFilter;
use super::backup::BackupSummary;
use super::cases::lists::{CaseOnly, CaseWho, LeaderHome};
use super::cases::report::CaseReport;
use super::cases::supervise::{LetterDraft, LetterOnly};
use super::check::CheckReport;
use super::drafts::Draft;
use super::export::ExportSummary;
use super::import::ImportSummary;
use super::lookup::{Found, Looked};
use super::notice::Undelivered;
use super::office::OfficeChanged;
use super::overdue::Overdue;
use super::page::Page;
use super::queues::{Filter, Queue, TodayRow, WorkRow};
use super::register::{PersonDetails, Preview, Registered, Registration};
use super::report::stats::Stats;
use super::report::{Brief, TownScore, UnitMeasure, UnitRow};
use super::staff::StaffCheck;
use super::views::{Card, HomeCounts, Names, Revealed};
use super::{Desk, Result};
use crate::domain::case::{Case, CaseDraft, CaseLogKind, CaseStatus};
use crate::domain::keylist::{Candidate, Listed, Watch, WatchStatus};
use crate::domain::notice::settings::NoticeSettings;
use crate::domain::notice::{Notice, Printable};
use crate::domain::office::OfficeRules;
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::supervision::{ReceptionDay, Supervision};
use crate::domain::workflow::Holidays;
use crate::domain::{
    AuditEntry, Category, Contact, DeliveryMethod, LedgerNo, Matter, NoticeKind, PetitionerId,
    Role, Staff, Step, Town, Ts, Unit, Village,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use time::{Date, UtcOffset};

/// A way to run a plain call somewhere else and have its answer back
/// decoded (the server's client). Whatever implements it has `DeskCalls`.
pub trait Transport {
    /// Runs `call` and decodes its answer as `T`, the call's return type.
    fn call<T: DeserializeOwned>(&self, call: Call) -> Result<T>;
}

/// What a call does to the records, for the server: a `Read` needs nothing
/// after it, a `View` leaves an audit entry to flush, a `Write` is flushed
/// and told to the other desks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Read,
    View,
    Write,
}

macro_rules! desk_api {
    ($(
        $(#[$meta:meta])*
        $kind:ident fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty = |$d:ident| $local:expr;
    )*) => {
        /// The desk's plain calls: one request, one answer.
        pub trait DeskCalls {
            $( $(#[$meta])* fn $name(&self $(, $arg: $ty)*) -> Result<$ret>; )*
        }

        /// A plain call on the wire: the call's name and its arguments.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub enum Call {
            $( $name { $($arg: $ty),* }, )*
        }

        impl Call {
            pub fn name(&self) -> &'static str {
                match self { $( Call::$name { .. } => stringify!($name), )* }
            }

            pub fn kind(&self) -> Kind {
                match self { $( Call::$name { .. } => Kind::$kind, )* }
            }

            /// Runs the call on `desk`; the answer comes back encoded.
            pub fn run(self, desk: &Desk) -> Result<Vec<u8>> {
                match self {
                    $( Call::$name { $($arg),* } => {
                        let answer = DeskCalls::$name(desk $(, $arg)*)?;
                        encode_answer(&answer)
                    } )*
                }
            }
        }

        impl DeskCalls for Desk {
            $( fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
                let $d = self;
                $local
            } )*
        }

        /// Every way of running calls elsewhere is a desk of plain calls.
        impl<X: Transport> DeskCalls for X {
            $( fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
                self.call(Call::$name { $($arg),* })
            } )*
        }
    };
}

desk_api! {
    /// Petitioners by name, pinyin, ID number or phone; numbers masked.
    Read fn lookup(query: String, limit: usize) -> Vec<Found> = |d| d.lookup(&query, limit);
    /// `lookup` as the desk shows it: how many match, and matters by number.
    Read fn look(query: String, limit: usize) -> Looked = |d| d.look(&query, limit);
    /// One petitioner as a lookup shows them.
    Read fn found(id: PetitionerId) -> Option<Found> = |d| d.found(id);
    /// A petitioner's whole history (audited).
    View fn petitioner_card(id: PetitionerId) -> Option<Card> = |d| d.petitioner_card(id);
    /// A petitioner's numbers in full (audited; supervisors and admins).
    View fn reveal(id: PetitionerId) -> Revealed = |d| d.reveal(id);
    /// A person on file's places and masked phones, to correct them.
    Read fn person_details(id: PetitionerId) -> Option<PersonDetails> = |d| d.person_details(id);
    Read fn petitioner_with_id_number(number: String) -> Option<PetitionerId> =
        |d| d.petitioner_with_id_number(&number);
    /// What saving the form would do: its errors and warnings.
    Read fn preview_registration(r: Registration) -> Preview = |d| d.preview_registration(&r);
    /// Saves a registration; answered once it is on disk.
    Write fn register(r: Registration) -> Registered = |d| d.register(&r);
    /// A petitioner's matters a contact may repeat: open ones, then ended ones;
    /// same category first.
    Read fn repeat_candidates(petitioner: PetitionerId, category: String) -> Vec<Matter> =
        |d| d.repeat_candidates(petitioner, &category);
    Read fn matter(ledger: LedgerNo) -> Option<Matter> = |d| d.matter(ledger);
    /// The due date of a matter's current step, by the office's calendar.
    Read fn due_of(matter: Matter) -> Option<Date> = |d| Ok(d.due_of(&matter));
    /// The actions this person may take on a matter now.
    Read fn actions_for(matter: Matter) -> Vec<Step> = |d| Ok(d.actions_for(&matter));
    /// Whether `act` would take this action now; nothing is written.
    Read fn check_act(ledger: LedgerNo, input: ActionInput) -> () = |d| d.check_act(ledger, &input);
    /// Takes an action on a matter; answered once it is on disk.
    Write fn act(ledger: LedgerNo, input: ActionInput) -> Matter = |d| d.act(ledger, &input);
    /// Closes every matter ready to close; the ledger numbers closed.
    Write fn close_ready(today: Date) -> Vec<LedgerNo> = |d| d.close_ready(today);
    Read fn home_counts(today: Date) -> HomeCounts = |d| d.home_counts(today);
    /// The `limit` soonest due of a queue, and its length.
    Read fn queue(queue: Queue, today: Date, limit: usize) -> Page<(Matter, Option<Date>)> =
        |d| d.queue_page(queue, today, limit);
    Read fn open_matters(filter: Filter, limit: usize) -> Vec<(Matter, Option<Date>)> =
        |d| d.open_matters(&filter, limit);
    Read fn today_contacts(today: Date) -> Vec<Contact> = |d| d.today_contacts(today);
    /// `queue` with names in place of codes, for the work lists.
    Read fn work_queue(queue: Queue, today: Date, limit: usize) -> Page<WorkRow> =
        |d| d.work_queue(queue, today, limit);
    Read fn work_open(filter: Filter, limit: usize) -> Vec<WorkRow> = |d| d.work_open(&filter, limit);
    /// Today's contacts with who came and when their matters are due.
    Read fn work_today(today: Date) -> Vec<TodayRow> = |d| d.work_today(today);
    /// The `limit` most overdue, and how many are overdue.
    Read fn overdue(as_of: Date, limit: usize) -> Page<Overdue> = |d| d.overdue_page(as_of, limit);
    Read fn towns() -> Vec<Town> = |d| d.towns();
    Read fn villages() -> Vec<Village> = |d| d.villages();
    Read fn categories() -> Vec<Category> = |d| d.categories();
    Read fn units() -> Vec<Unit> = |d| d.units();
    Read fn town_names() -> HashMap<String, String> = |d| d.town_names();
    /// Category, unit and staff names, to show in place of codes and logins.
    Read fn names() -> Names = |d| d.names();
    /// A matter's petitioners, id and name, to open their cards from it.
    Read fn matter_petitioners(ledger: LedgerNo) -> Vec<(PetitionerId, String)> =
        |d| d.matter_petitioners(ledger);
    /// Keeps this person's half-typed form.
    View fn save_draft(fields: Vec<(String, String)>) -> () = |d| d.save_draft(fields);
    Read fn draft() -> Option<Draft> = |d| d.draft();
    View fn discard_draft() -> () = |d| d.discard_draft();
    /// The newest `limit` entries the filter selects, and how many it selects.
    Read fn audit_query(filter: AuditFilter, limit: usize) -> Page<AuditEntry> =
        |d| d.audit_page(&filter, limit);
    Read fn staff_list() -> Vec<Staff> = |d| d.staff_list();
    /// Whether `staff_add` would add this person; nothing is written.
    Read fn staff_add_check(login: String, name: String, role: Role, unit: Option<String>) -> () =
        |d| d.staff_add_check(&login, &name, role, unit.as_deref());
    Write fn staff_add(login: String, name: String, role: Role, unit: Option<String>) -> Staff =
        |d| d.staff_add(&login, &name, role, unit.as_deref());
    /// Whether a change of `login` would be made; nothing is written.
    Read fn staff_change_check(login: String, change: StaffCheck) -> () =
        |d| d.staff_change_check(&login, change);
    Write fn staff_disable(login: String) -> Staff = |d| d.staff_disable(&login);
    Write fn staff_enable(login: String) -> Staff = |d| d.staff_enable(&login);
    Write fn staff_role(login: String, role: Role) -> Staff = |d| d.staff_role(&login, role);
    /// Verifies every record and index (admins); writers wait meanwhile.
    Read fn check() -> CheckReport = |d| d.check();
    Read fn stat_start_day() -> u8 = |d| Ok(d.stat_start_day());
    Write fn set_stat_start_day(day: u8) -> () = |d| d.set_stat_start_day(day);
    Read fn office_rules() -> OfficeRules = |d| d.office_rules();
    /// Sets one office setting by name; skip-level is derived again with it.
    Write fn set_office_setting(key: String, value: String) -> OfficeChanged =
        |d| d.set_office_setting(&key, &value);
    /// Replaces the holiday list; how many open matters were re-dated.
    Write fn set_holidays(days: Holidays) -> usize = |d| d.set_holidays(days);
    /// The holidays and weekend workdays due dates are computed with.
    Read fn holidays() -> Holidays = |d| Ok(d.holidays());
    /// The year of `today` when it has no holiday schedule on file.
    Read fn holiday_warning(today: Date) -> Option<i32> = |d| Ok(d.holiday_warning(today));
    Read fn scorecard(rules: Rules, period: Period) -> Vec<TownScore> =
        |d| d.scorecard(&rules, &period);
    /// The first `limit` contacts a scorecard count counts, and how many.
    Read fn scorecard_contacts(rules: Rules, period: Period, town: String, criterion: String,
        limit: usize) -> Page<Contact> =
        |d| d.scorecard_contacts_page(&rules, &period, &town, &criterion, limit);
    Read fn stats(period: Period) -> Stats = |d| d.stats(&period);
    Read fn zero_visit_villages(period: Period) -> Vec<Village> =
        |d| d.zero_visit_villages(&period);
    /// Each responsible unit's matters and rates in a period, best first.
    Read fn unit_performance(period: Period) -> Vec<UnitRow> = |d| d.unit_performance(&period);
    /// The matters behind one number of a unit's row.
    Read fn unit_matters(period: Period, unit: String, measure: UnitMeasure)
        -> Vec<(LedgerNo, Option<bool>)> = |d| d.unit_matters(&period, &unit, measure);
    /// The monthly brief (信访摘报) of a period under the office's 三无 rules.
    Read fn brief(period: Period, rules: Rules) -> Brief = |d| d.brief(&period, &rules);
    /// The office's settings a desk needs before its first screen.
    Read fn about() -> About = |d| Ok(d.about());
    /// Ends the search being typed, auditing its final query.
    View fn lookup_done() -> () = |d| d.lookup_done();
    /// Issues a written notice for a matter: numbered, recorded and audited
    /// together; answered once it is on disk.
    Write fn issue_notice(ledger: LedgerNo, kind: NoticeKind) -> Printable =
        |d| d.issue_notice(ledger, kind);
    /// A matter's notices, with their delivery.
    Read fn notices_of(ledger: LedgerNo) -> Vec<Notice> = |d| d.notices_of(ledger);
    /// The kinds of notice this person may issue for a matter now.
    Read fn notice_kinds(ledger: LedgerNo) -> Vec<NoticeKind> = |d| d.notice_kinds(ledger);
    /// A notice as issued, to print again (audited).
    View fn reprint(ledger: LedgerNo, doc_no: String) -> Printable = |d| d.reprint(ledger, &doc_no);
    /// Records that a notice reached the petitioner, how and on which day.
    Write fn deliver_notice(ledger: LedgerNo, doc_no: String, method: DeliveryMethod,
        on: Option<Date>) -> Notice = |d| d.deliver_notice(ledger, &doc_no, method, on);
    /// The work list "issued, not delivered".
    Read fn undelivered_notices() -> Vec<Undelivered> = |d| d.undelivered_notices();
    /// The office's name, print command, templates and number patterns.
    Read fn notice_settings() -> NoticeSettings = |d| d.notice_settings();
    /// Whether `open_case` would open this case; nothing is written.
    Read fn check_open_case(ledger: LedgerNo, draft: CaseDraft) -> Case =
        |d| d.check_open_case(ledger, &draft);
    /// Opens a key case (积案) on a matter (supervisors).
    Write fn open_case(ledger: LedgerNo, draft: CaseDraft) -> Case = |d| d.open_case(ledger, &draft);
    /// Opens a case owned by the leader who received the matter's visit.
    Write fn open_case_from_session(ledger: LedgerNo, leader: Option<String>, draft: CaseDraft)
        -> Case = |d| d.open_case_from_session(ledger, leader.as_deref(), &draft);
    Write fn assign_case_leader(ledger: LedgerNo, leader: String) -> Case =
        |d| d.assign_case_leader(ledger, &leader);
    Write fn add_case_log(ledger: LedgerNo, kind: CaseLogKind, note: String) -> Case =
        |d| d.add_case_log(ledger, kind, &note);
    Write fn set_case_status(ledger: LedgerNo, status: CaseStatus, reason: Option<String>) -> Case =
        |d| d.set_case_status(ledger, status, reason.as_deref());
    /// 销号 (supervisors, with a reason).
    Write fn clear_case(ledger: LedgerNo, reason: String) -> Case = |d| d.clear_case(ledger, &reason);
    Read fn case(ledger: LedgerNo) -> Option<Case> = |d| d.case(ledger);
    /// The first `limit` cases of a list, soonest deadline first.
    Read fn cases(who: CaseWho, only: CaseOnly, today: Date, limit: usize) -> Page<Case> =
        |d| d.cases(&who, only, today, limit);
    Read fn leader_home(today: Date, limit: usize) -> LeaderHome = |d| d.leader_home(today, limit);
    Read fn case_candidates(today: Date, limit: usize) -> Page<Candidate> =
        |d| d.case_candidates(today, limit);
    Read fn case_report(period: Period) -> CaseReport = |d| d.case_report(&period);
    Read fn case_report_cases(period: Period, by: String, who: String) -> Vec<Case> =
        |d| d.case_report_cases(&period, &by, &who);
    Write fn issue_supervision(draft: LetterDraft) -> Supervision = |d| d.issue_supervision(&draft);
    Write fn reply_supervision(id: u64, day: Date, note: String) -> Supervision =
        |d| d.reply_supervision(id, day, &note);
    Read fn supervisions(unit: Option<String>, only: LetterOnly, today: Date) -> Vec<Supervision> =
        |d| d.supervisions(unit, only, today);
    Write fn set_reception_day(day: ReceptionDay) -> ReceptionDay = |d| d.set_reception_day(&day);
    Write fn remove_reception_day(date: Date, leader: String) -> () =
        |d| d.remove_reception_day(date, &leader);
    Read fn reception_days(from: Date, to: Date) -> Vec<ReceptionDay> = |d| d.reception_days(from, to);
    /// Flags a key person, or keeps watch over a long-standing one (supervisors).
    Write fn keep_watch(petitioner: PetitionerId, reason: Option<String>, responsible: String,
        status: WatchStatus) -> Watch =
        |d| d.keep_watch(petitioner, reason.as_deref(), &responsible, status);
    Read fn key_person_list(today: Date) -> Vec<Listed> = |d| d.key_person_list(today);
    /// The active leader logins and their names, for the rota's form.
    Read fn active_leaders() -> Vec<(String, String)> = |d| d.active_leaders();
    /// The rota's entries on the days of a matter's visits: who received them.
    Read fn receptions_of(ledger: LedgerNo) -> Vec<ReceptionDay> = |d| d.receptions_of(ledger);
}

/// The office's settings a desk needs before its first screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    /// The office's time zone: dates and "today" are local to it.
    pub tz: UtcOffset,
}

/// An answer as the server sends it.
fn encode_answer<T: Serialize>(answer: &T) -> Result<Vec<u8>> {
    postcard::to_allocvec(answer)
        .map_err(|e| super::ServiceError::Invalid(format!("the answer could not be encoded: {e}")))
}

/// Something another desk changed, told to every desk watching.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    /// Who changed it.
    pub by: String,
    /// The call that changed it (`register`, `act`, `import`…).
    pub what: String,
}

/// Called with each change another desk makes.
pub type Watcher = Box<dyn Fn(Changed) + Send + Sync>;

/// Named streams of interchange lines for `DeskApi::import_sources`.
pub type Sources = Vec<(String, Box<dyn BufRead>)>;

/// The desk's use-cases, on the embedded store or through the server.
pub trait DeskApi: DeskCalls + Sync {
    /// Who this desk acts as.
    fn user(&self) -> &Staff;
    /// Now, by this desk's clock.
    fn now(&self) -> Ts;
    /// The office's time zone.
    fn tz(&self) -> UtcOffset;
    /// Today in the office's time zone.
    fn today(&self) -> Date {
        self.now().local_date(self.tz())
    }
    /// Where the records are: the database directory or the server's socket.
    fn location(&self) -> String;
    /// Makes sure everything this desk was told is saved is on disk.
    fn flush(&self) -> Result<()>;
    /// Calls `watcher` with each change another desk makes, from another
    /// thread. Only a served desk has other desks; an embedded one never calls.
    fn watch(&self, watcher: Watcher) -> Result<()>;
    /// `scorecard`, telling `progress` how far it is (0.0–1.0).
    fn scorecard_with_progress(
        &self,
        rules: &Rules,
        period: &Period,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<TownScore>>;
    /// `stats`, telling `progress` how far it is (0.0–1.0).
    fn stats_with_progress(&self, period: &Period, progress: &mut dyn FnMut(f32)) -> Result<Stats>;
    /// Imports named streams of interchange lines, all or nothing (admins).
    fn import_sources(&self, sources: Sources) -> Result<ImportSummary>;
    /// Writes every record as JSON Lines to `out` (admins; audited).
    fn export(&self, out: &mut dyn Write, target: &str) -> Result<ExportSummary>;
    /// Writes the whole database as a backup to `out`, writers waiting
    /// meanwhile (admins; audited).
    fn backup(&self, out: &mut dyn Write, target: &str) -> Result<BackupSummary>;
}

impl DeskApi for Desk {
    fn user(&self) -> &Staff {
        Desk::user(self)
    }

    fn now(&self) -> Ts {
        Desk::now(self)
    }

    fn tz(&self) -> UtcOffset {
        self.store().tz()
    }

    fn location(&self) -> String {
        self.store().path().display().to_string()
    }

    fn flush(&self) -> Result<()> {
        Ok(self.store().flush()?)
    }

    fn watch(&self, _watcher: Watcher) -> Result<()> {
        Ok(())
    }

    fn scorecard_with_progress(
        &self,
        rules: &Rules,
        period: &Period,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<TownScore>> {
        Desk::scorecard_with_progress(self, rules, period, progress)
    }

    fn stats_with_progress(&self, period: &Period, progress: &mut dyn FnMut(f32)) -> Result<Stats> {
        Desk::stats_with_progress(self, period, progress)
    }

    fn import_sources(&self, sources: Sources) -> Result<ImportSummary> {
        Desk::import_sources(self, sources)
    }

    fn export(&self, out: &mut dyn Write, target: &str) -> Result<ExportSummary> {
        Desk::export(self, out, target)
    }

    fn backup(&self, out: &mut dyn Write, target: &str) -> Result<BackupSummary> {
        Desk::backup(self, out, target)
    }
}

impl Desk {
    /// One petitioner as a lookup shows them, numbers masked.
    pub fn found(&self, id: PetitionerId) -> Result<Option<Found>> {
        self.pace_lookup(1.0)?;
        match self.store().petitioner(id)? {
            Some(p) => Ok(Some(super::lookup::describe(self.store(), p)?)),
            None => Ok(None),
        }
    }

    /// The due date of `matter`'s current step, by the office's calendar.
    pub fn due_of(&self, matter: &Matter) -> Option<Date> {
        let store = self.store();
        crate::domain::workflow::due_date(matter, &store.calendar(), store.tz())
    }

    pub fn about(&self) -> About {
        About {
            tz: self.store().tz(),
        }
    }
}
