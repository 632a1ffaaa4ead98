//! A year's town scorecard and statistics on a large database (issue goal:
//! each under 300 ms at 300k petitioners / 1M contacts), read from the
//! town-date and event-date indexes alone.
//!
//! Run through `benches/core.sh`, or point XFDESK_BENCH_DB at a database made
//! by `xfdesk init` as the same user. Read-only.

mod common;

use common::median;

use xfdesk::domain::period::Period;
use xfdesk::domain::rules::Rules;
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::OpenOptions;

fn main() {
    let Ok(db) = std::env::var("XFDESK_BENCH_DB") else {
        eprintln!("report bench: set XFDESK_BENCH_DB (benches/core.sh does) — skipped");
        return;
    };
    let desk = Desk::open(db.as_ref(), &OpenOptions::default(), &current_unix_user())
        .expect("open bench database");
    // The generator's history ends on 2026-10-31: its last full year.
    let year = Period::year(2025, desk.stat_start_day()).unwrap();
    let rules = Rules::three_no();
    let (ms, scores) = median(|| desk.scorecard(&rules, &year).unwrap());
    let failing = scores.iter().filter(|s| !s.pass).count();
    println!(
        "one-year scorecard: {ms:.1} ms  ({} towns, {failing} failing, {year})",
        scores.len()
    );
    let (ms, stats) = median(|| desk.stats(&year).unwrap());
    println!(
        "one-year stats: {ms:.1} ms  ({} contacts, {} acceptance decisions due or taken, {} replies due or made, {} evaluations)",
        stats.contacts, stats.timely_acceptance.den, stats.on_time.den, stats.satisfaction.den
    );
    let (ms, zero) = median(|| desk.zero_visit_villages(&year).unwrap());
    println!(
        "one-year zero-visit villages: {ms:.0} ms  ({} villages)",
        zero.len()
    );
    // A day with no visit at all (after the generated history): every village
    // is read through all its people, the slowest case of the village index.
    let none = time::macros::date!(2027 - 06 - 18);
    let day = Period::custom(none, none).unwrap();
    let (ms, zero) = median(|| desk.zero_visit_villages(&day).unwrap());
    println!(
        "zero-visit villages of a day with no visit (every village read whole): {ms:.0} ms  ({} villages)",
        zero.len()
    );
    // The monthly brief: three periods' statistics side by side, the units,
    // the scorecard and a 12-month trend (issue goal: a year under 1 s).
    let month = Period::month(2025, 9, desk.stat_start_day()).unwrap();
    let (ms, b) = median(|| desk.brief(&month, &rules).unwrap());
    println!(
        "brief, one month: {ms:.0} ms  ({} contacts, {} units)",
        b.stats.contacts,
        b.units.len()
    );
    let (ms, b) = median(|| desk.brief(&year, &rules).unwrap());
    println!(
        "brief, one year: {ms:.0} ms  ({} contacts, {} units)",
        b.stats.contacts,
        b.units.len()
    );
    let (ms, u) = median(|| desk.unit_performance(&year).unwrap());
    println!("units, one year: {ms:.0} ms  ({} rows)", u.len());
}
