//! Key cases on a large database: 10,000 cases opened on the matters of a
//! 1M-contact office, then the case lists and `report cases` timed.
//!
//! Writes: point XFDESK_BENCH_DB at a copy of a database made by
//! `xfdesk init` as the same user (benches/core.sh makes one; copy it, e.g.
//! `cp -a bench-data/db-300000-1000000 target/bench-cases/db`). It adds
//! leaders `bench_leader01`… and cases on the first 10,000 matters without
//! one; run it on a fresh copy for the same figures.

mod common;

use common::median;

use std::io::BufRead;
use std::time::Instant;
use time::{Date, Duration};
use xfdesk::domain::case::{CaseDraft, CaseSource, CaseStatus};
use xfdesk::domain::period::Period;
use xfdesk::domain::{LedgerNo, Matter, Role};
use xfdesk::service::cases::lists::{CaseOnly, CaseWho};
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::{OpenOptions, T};

const CASES: usize = 10_000;
/// Of them, opened one at a time through the service (each flushed).
const ONE_BY_ONE: usize = 200;
const LEADERS: usize = 20;

fn leader(i: usize) -> String {
    format!("bench_leader{:02}", i % LEADERS + 1)
}

/// The deadline and opening day of the i-th case: opened through 2025 and
/// 2026, due 30 to 149 days later.
fn dates(i: usize) -> (Date, Date) {
    let opened = time::macros::date!(2025 - 01 - 01) + Duration::days((i % 640) as i64);
    (opened, opened + Duration::days(30 + (i % 120) as i64))
}

fn main() {
    let Ok(db) = std::env::var("XFDESK_BENCH_DB") else {
        eprintln!("cases bench: set XFDESK_BENCH_DB to a copy of a bench database — skipped");
        return;
    };
    let desk = Desk::open(db.as_ref(), &OpenOptions::default(), &current_unix_user())
        .expect("open bench database");
    let staff = desk.staff_list().unwrap();
    for i in 0..LEADERS {
        if !staff.iter().any(|s| s.login == leader(i)) {
            desk.staff_add(&leader(i), "领导", Role::Leader, None)
                .unwrap();
        }
    }
    let units: Vec<String> = desk.units().unwrap().into_iter().map(|u| u.code).collect();
    let owner = current_unix_user();
    let t = Instant::now();
    let mut ledgers: Vec<LedgerNo> = Vec::new();
    for r in desk.store().records::<Matter>(T::Matters) {
        let l = r.unwrap().1.ledger;
        if desk.store().case(l).unwrap().is_none() {
            ledgers.push(l);
        }
        if ledgers.len() == CASES {
            break;
        }
    }
    println!(
        "chose {} matters: {:.1} s",
        ledgers.len(),
        t.elapsed().as_secs_f64()
    );
    let (bulk, single) = ledgers.split_at(CASES - ONE_BY_ONE);
    let mut lines = String::new();
    for (i, l) in bulk.iter().enumerate() {
        let (opened, due) = dates(i);
        let unit = &units[i % units.len()];
        lines.push_str(&format!(
            "{{\"type\":\"case\",\"matter\":\"{l}\",\"source\":\"screened\",\"leader\":\"{}\",\"measures\":\"化解\",\"due\":\"{due}\",\"unit\":\"{unit}\",\"owner\":\"{owner}\",\"opened\":\"{opened}\"}}\n",
            leader(i)
        ));
        if i % 3 == 0 {
            lines.push_str(&format!(
                "{{\"type\":\"case_status\",\"matter\":\"{l}\",\"at\":\"{}T10:00:00+08:00\",\"status\":\"resolved\",\"by\":\"{}\"}}\n",
                opened + Duration::days(20),
                leader(i)
            ));
        }
    }
    let t = Instant::now();
    let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(lines.into_bytes()));
    let summary = desk
        .import_sources(vec![("cases.jsonl".into(), reader)])
        .unwrap();
    println!(
        "import of {} case lines ({} cases): {:.1} s",
        summary.case_lines,
        bulk.len(),
        t.elapsed().as_secs_f64()
    );
    one_by_one(&desk, single, &units, &owner);
    timings(&desk);
}

/// Opens the cases of `ledgers` one at a time through the service.
fn one_by_one(desk: &Desk, ledgers: &[LedgerNo], units: &[String], owner: &str) {
    let mut times = Vec::new();
    for (i, l) in ledgers.iter().enumerate() {
        let (_, due) = dates(i);
        let draft = CaseDraft {
            source: Some(CaseSource::Screened),
            leader: Some(leader(i)),
            measures: Some("化解".into()),
            due: Some(due.max(desk.today())),
            unit: Some(units[i % units.len()].clone()),
            owner: Some(owner.to_string()),
            ..Default::default()
        };
        let t = Instant::now();
        desk.open_case(*l, &draft).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "open_case one at a time (audited, flushed): median {:.1} ms, slowest {:.1} ms ({} cases)",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
}

fn timings(desk: &Desk) {
    let as_of = time::macros::date!(2026 - 10 - 31);
    let (ms, page) = median(|| {
        desk.cases(&CaseWho::All, CaseOnly::Active, as_of, 50)
            .unwrap()
    });
    println!(
        "case list, all not cleared, first 50 by deadline: {ms:.1} ms  ({} cases)",
        page.total
    );
    let (ms, page) = median(|| {
        desk.cases(&CaseWho::All, CaseOnly::Overdue, as_of, 50)
            .unwrap()
    });
    println!(
        "case list, overdue on {as_of}, first 50: {ms:.1} ms  ({} overdue)",
        page.total
    );
    let open = CaseOnly::Status(CaseStatus::Open);
    let who = CaseWho::Leader(leader(0));
    let (ms, page) = median(|| desk.cases(&who, open, as_of, 1000).unwrap());
    println!(
        "one leader's open cases, all of them: {ms:.1} ms  ({} cases)",
        page.total
    );
    let year = Period::year(2026, desk.stat_start_day()).unwrap();
    let (ms, r) = median(|| desk.case_report(&year).unwrap());
    println!(
        "report cases for {year}: {ms:.0} ms  ({} rows, resolution {}/{})",
        r.rows.len(),
        r.resolution.num,
        r.resolution.den
    );
    let t = Instant::now();
    let c = desk.case_candidates(as_of, 50).unwrap();
    println!(
        "candidates (every matter read, off the desk's draw path): {:.1} s  ({} matters)",
        t.elapsed().as_secs_f64(),
        c.total
    );
    let t = Instant::now();
    let listed = desk.key_person_list(as_of).unwrap();
    println!(
        "key-person list (every matter and petitioner read, off the draw path): {:.1} s  ({} people)",
        t.elapsed().as_secs_f64(),
        listed.len()
    );
    let (ms, rows) = median(|| desk.case_report_cases(&year, "leader", &leader(0)).unwrap());
    println!(
        "the cases behind one leader's row of the year's report: {ms:.1} ms  ({} cases)",
        rows.len()
    );
}
