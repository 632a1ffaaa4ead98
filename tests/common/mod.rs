//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod backup;
pub mod bin;
pub mod key_case;
pub mod pane;
pub mod raw_keys;
pub mod report_data;
pub mod screen;
pub mod server;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tempfile::TempDir;
use time::{Duration, OffsetDateTime};
use xfdesk::domain::{AuditEntry, Channel, LedgerNo, Level, Matter, Satisfaction, Step};
use xfdesk::service::act::ActionInput;
use xfdesk::service::register::{MatterChoice, NewMatter, NewPetitioner, Person, Registration};
use xfdesk::service::{current_unix_user, Desk, FixedClock, ServiceError};
use xfdesk::store::{OpenOptions, StoreError, T};

/// The example of docs/interchange.md, verbatim.
pub const INTERCHANGE_EXAMPLE: &str = r#"{"type":"town","code":"370211001","name":"辛安街道"}
{"type":"village","code":"370211001001","town":"370211001","name":"辛安社区"}
{"type":"unit","code":"xfj","name":"区信访局"}
{"type":"unit","code":"jtj","name":"区教体局"}
{"type":"category","code":"jy","name":"教育"}
{"type":"staff","login":"zhangli","name":"张丽","role":"receptionist","unit":"xfj"}
{"type":"staff","login":"wangwei","name":"王伟","role":"handler","unit":"jtj"}
{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","phones":["13800138000"],"town":"370211001","village":"370211001001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校,上学不便","first_receiver":"zhangli","registered_at":"2026-03-02T09:15:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-02T09:15:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访反映撤并学校"}
{"type":"event","matter":"m1","at":"2026-03-03T10:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}
{"type":"event","matter":"m1","at":"2026-04-20T10:00:00+08:00","action":"reply","by":"wangwei","note":"已答复"}
{"type":"event","matter":"m1","at":"2026-04-25T10:00:00+08:00","action":"evaluate","by":"zhangli","satisfaction":"satisfied"}
"#;

pub struct TestDb {
    pub dir: TempDir,
    pub desk: Desk,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = TempDir::new().unwrap();
        let desk = Desk::init(
            &dir.path().join("db"),
            &OpenOptions::default(),
            &current_unix_user(),
        )
        .unwrap();
        TestDb { dir, desk }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    /// Imports `text` as a file named `name`.
    pub fn import(
        &self,
        name: &str,
        text: &str,
    ) -> xfdesk::service::Result<xfdesk::service::import::ImportSummary> {
        let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        self.desk.import_sources(vec![(name.to_string(), reader)])
    }

    pub fn export(&self) -> String {
        let mut out = Vec::new();
        self.desk.export(&mut out, "test").unwrap();
        String::from_utf8(out).unwrap()
    }
}

pub fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Reference data of a small office: two towns, three units, two categories,
/// and staff of every role but admin (the admin is the Unix user running the
/// tests). zhangli and chenjing receive at the desk (unit xfj); wangwei
/// handles for jtj, sunli for zrj; lijun supervises; zhaomin leads.
pub const OFFICE: &str = r#"{"type":"town","code":"370211001","name":"辛安街道"}
{"type":"town","code":"370211002","name":"黄岛街道"}
{"type":"village","code":"370211001001","town":"370211001","name":"辛安社区"}
{"type":"unit","code":"xfj","name":"区信访局"}
{"type":"unit","code":"jtj","name":"区教体局"}
{"type":"unit","code":"zrj","name":"区自然资源局"}
{"type":"category","code":"jy","name":"教育"}
{"type":"category","code":"cxjs","name":"城乡建设"}
{"type":"staff","login":"zhangli","name":"张丽","role":"receptionist","unit":"xfj"}
{"type":"staff","login":"chenjing","name":"陈静","role":"receptionist","unit":"xfj"}
{"type":"staff","login":"wangwei","name":"王伟","role":"handler","unit":"jtj"}
{"type":"staff","login":"sunli","name":"孙立","role":"handler","unit":"zrj"}
{"type":"staff","login":"lijun","name":"李军","role":"supervisor","unit":"xfj"}
{"type":"staff","login":"zhaomin","name":"赵敏","role":"leader"}
"#;

pub const TOWN: &str = "370211001";
pub const TOWN2: &str = "370211002";

impl TestDb {
    /// A database holding `OFFICE` (plus `extra` lines), its clock fixed at
    /// `now`, acting as `login`.
    pub fn office(extra: &str, now: OffsetDateTime, login: &str) -> TestDb {
        let mut db = TestDb::new();
        db.desk.set_clock(Box::new(FixedClock(now)));
        db.import("office.jsonl", &format!("{OFFICE}{extra}"))
            .unwrap();
        db.desk.switch_user(login).unwrap();
        db
    }

    /// Acts from now on as `login` (see `Desk::switch_user`).
    pub fn as_user(&mut self, login: &str) -> &mut Desk {
        self.desk.switch_user(login).unwrap();
        &mut self.desk
    }

    /// Acts as the admin (the Unix user running the tests).
    pub fn as_admin(&mut self) -> &mut Desk {
        self.as_user(&current_unix_user())
    }

    /// Moves the desk's clock to `now`.
    pub fn set_now(&mut self, now: OffsetDateTime) {
        self.desk.set_clock(Box::new(FixedClock(now)));
    }

    /// Closes the database and opens it again as `login`, clock at `now`.
    pub fn reopen(self, login: &str, now: OffsetDateTime) -> TestDb {
        let TestDb { dir, desk } = self;
        drop(desk);
        let path = dir.path().join("db");
        let mut desk =
            retry_while_locked(|| Desk::open(&path, &OpenOptions::default(), login)).unwrap();
        desk.set_clock(Box::new(FixedClock(now)));
        TestDb { dir, desk }
    }
}

/// Runs `f` again while the database is locked by a store just closed:
/// sled lets go of its file lock only when the last job of its shared thread
/// pool drops the file, which can be a moment after the Db is dropped while
/// other tests keep that pool busy (sled's own tests block on the lock for
/// this reason: config.rs, try_lock). Bounded; no timing assumption.
pub fn retry_while_locked<V>(
    mut f: impl FnMut() -> Result<V, ServiceError>,
) -> Result<V, ServiceError> {
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match f() {
            Err(ServiceError::Store(StoreError::Locked(_))) if Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5))
            }
            other => return other,
        }
    }
}

/// The whole audit trail, oldest first, read from the store whoever acts
/// (the service shows it to supervisors and admins only).
pub fn audit_trail(db: &TestDb) -> Vec<AuditEntry> {
    db.desk
        .store()
        .records::<AuditEntry>(T::Audit)
        .map(|r| r.unwrap().1)
        .collect()
}

/// Runs the binary (`run`) on a database this process has just closed. sled
/// lets go of its file lock only when the last job of its shared thread pool
/// drops the file (see `TestDb::reopen`), which can be a moment after the Db
/// is dropped while other tests keep that pool busy; so a run refused as "in
/// use" is run again, within bounds. No timing is assumed.
pub fn run_when_unlocked(mut run: impl FnMut() -> std::process::Output) -> std::process::Output {
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let out = run();
        let locked = String::from_utf8_lossy(&out.stderr).contains("in use by another process");
        if !locked || Instant::now() > deadline {
            return out;
        }
    }
}

/// Every record and index verified, whoever acts (`Desk::check` is for
/// admins: its problems may quote whole ID numbers).
pub fn integrity(desk: &Desk) -> xfdesk::service::check::CheckReport {
    xfdesk::service::check::check(desk.store()).unwrap()
}

/// A valid resident ID number from its first 17 digits.
pub fn id_number(first17: &str) -> String {
    let check = xfdesk::domain::idnum::check_char(first17).expect("17 digits");
    format!("{first17}{check}")
}

/// A walk-in at the county desk: one new person of `TOWN` with a mobile phone,
/// opening a new County matter of `category`.
pub fn walk_in(name: &str, id: &str, category: &str, summary: &str) -> Registration {
    Registration {
        at: None,
        channel: Channel::Visit,
        level: Level::County,
        headcount: 1,
        person: Person::New(NewPetitioner {
            name: name.into(),
            id_number: id.into(),
            phones: vec!["13800138001".into()],
            town: Some(TOWN.into()),
            village: None,
            address: None,
        }),
        representatives: Vec::new(),
        letter_no: None,
        matter: MatterChoice::New(NewMatter {
            category: category.into(),
            summary: summary.into(),
            town: None,
            jurisdiction: Level::County,
        }),
        summary: String::new(),
        abnormal: false,
        correction: None,
    }
}

/// A repeat visit by petitioner `who` on matter `ledger`.
pub fn repeat_visit(who: u64, ledger: LedgerNo, level: Level) -> Registration {
    Registration {
        at: None,
        channel: Channel::Visit,
        level,
        headcount: 1,
        person: Person::Existing(who),
        representatives: Vec::new(),
        letter_no: None,
        matter: MatterChoice::Existing(ledger),
        summary: "再次反映".into(),
        abnormal: false,
        correction: None,
    }
}

/// An office at work: its database and a clock that moves a day per step.
pub struct Office {
    pub db: TestDb,
    pub now: OffsetDateTime,
}

impl Office {
    /// The `OFFICE` database with its clock at `start`.
    pub fn new(start: OffsetDateTime) -> Office {
        Office {
            db: TestDb::office("", start, "zhangli"),
            now: start,
        }
    }

    /// Moves the clock on by `by`.
    pub fn wait(&mut self, by: Duration) {
        self.now += by;
        self.db.set_now(self.now);
    }

    /// A day later, `login` registers a walk-in opening a new matter of
    /// `category` in `town`.
    pub fn register(&mut self, login: &str, category: &str, town: &str) -> LedgerNo {
        self.wait(Duration::days(1));
        let mut r = walk_in("来访人", "", category, &format!("{category}事项"));
        if let MatterChoice::New(m) = &mut r.matter {
            m.town = Some(town.into());
        }
        self.db.as_user(login).register(&r).unwrap().ledger
    }

    /// A day later, `login` takes an action on `ledger`.
    pub fn act(
        &mut self,
        login: &str,
        ledger: LedgerNo,
        input: &ActionInput,
    ) -> xfdesk::service::Result<Matter> {
        self.wait(Duration::days(1));
        self.db.as_user(login).act(ledger, input)
    }

    /// Takes `steps` in turn; each must succeed.
    pub fn walk(&mut self, ledger: LedgerNo, steps: &[Take]) -> Matter {
        let mut m = self.matter(ledger);
        for (login, action, fields) in steps {
            m = self
                .act(login, ledger, &input(*action, fields))
                .unwrap_or_else(|e| panic!("{ledger} {login} {action}: {e}"));
        }
        m
    }

    /// The stored matter.
    pub fn matter(&self, ledger: LedgerNo) -> Matter {
        self.db.desk.store().matter(ledger).unwrap().unwrap()
    }
}

/// Named fields of an action's input: `("unit", "jtj")`.
pub type Fields<'a> = &'a [(&'a str, &'a str)];

/// One action taken: who, what, with which fields.
pub type Take<'a> = (&'a str, Step, Fields<'a>);

/// An action's input with `fields` (unit, reason, to, handler, note, days,
/// satisfaction, kind, method, notice, opinion) filled in.
pub fn input(action: Step, fields: Fields) -> ActionInput {
    let mut i = ActionInput::new(action);
    for (k, v) in fields {
        let text = Some(v.to_string());
        match *k {
            "unit" => i.unit = text,
            "reason" => i.reason = text,
            "to" => i.to = text,
            "handler" => i.handler = text,
            "note" => i.note = text,
            "days" => i.days = Some(v.parse().unwrap()),
            "satisfaction" => i.satisfaction = Some(Satisfaction::from_code(v).unwrap()),
            "kind" => i.kind = Some(xfdesk::domain::MatterKind::from_code(v).unwrap()),
            "method" => i.method = Some(xfdesk::domain::DeliveryMethod::from_code(v).unwrap()),
            "notice" => i.notice = text,
            "opinion" => i.opinion = Some(xfdesk::domain::Opinion::from_code(v).unwrap()),
            _ => panic!("no field {k}"),
        }
    }
    i
}

/// The person a walk-in registration brings.
pub fn new_person(r: &mut Registration) -> &mut NewPetitioner {
    match &mut r.person {
        Person::New(n) => n,
        Person::Existing(_) => unreachable!("a walk-in is a new person"),
    }
}

/// The id of the one petitioner called `name`.
pub fn pid(db: &TestDb, name: &str) -> u64 {
    let found = db.desk.lookup(name, 5).unwrap();
    // The search is over: its audit entry is written now, not by a later step.
    db.desk.lookup_done().unwrap();
    let ids: Vec<u64> = found
        .iter()
        .filter(|f| f.name == name)
        .map(|f| f.id)
        .collect();
    assert_eq!(ids.len(), 1, "{name}: {found:?}");
    ids[0]
}

/// The matters of petitioner `id`, in ledger order.
pub fn matters_of(db: &TestDb, id: u64) -> Vec<LedgerNo> {
    db.desk.store().petitioner(id).unwrap().unwrap().matters
}

/// Five people on file, to stand as representatives.
pub const FIVE: &str = r#"{"type":"petitioner","ref":"r1","name":"代表甲"}
{"type":"petitioner","ref":"r2","name":"代表乙"}
{"type":"petitioner","ref":"r3","name":"代表丙"}
{"type":"petitioner","ref":"r4","name":"代表丁"}
{"type":"petitioner","ref":"r5","name":"代表戊"}
"#;

/// The first Monday-to-Friday on or after `d`: where a deadline lands when
/// no holiday list is set (Saturdays and Sundays are non-working).
#[allow(dead_code)]
pub fn weekday_on_or_after(mut d: time::Date) -> time::Date {
    while matches!(d.weekday(), time::Weekday::Saturday | time::Weekday::Sunday) {
        d = d.next_day().unwrap();
    }
    d
}
