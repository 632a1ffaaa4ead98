//! In-process lookup latency on a large database (issue numbers: p99 < 2 ms).
//!
//! Run through `benches/core.sh`, which builds the database first; or point
//! XFDESK_BENCH_DB at any database made by `xfdesk init` as the same user.

use std::time::Instant;
use xfdesk::domain::search::pinyin_keys;
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::Counter;
use xfdesk::store::OpenOptions;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let Ok(db) = std::env::var("XFDESK_BENCH_DB") else {
        eprintln!("lookup bench: set XFDESK_BENCH_DB (benches/core.sh does) — skipped");
        return;
    };
    let t0 = Instant::now();
    let desk = Desk::open(db.as_ref(), &OpenOptions::default(), &current_unix_user())
        .expect("open bench database");
    println!("open: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let store = desk.store();
    // The search itself is measured here, not the pace a login is held to.
    store.lookup_pace().set_on(false);
    let total = store.counter(Counter::Petitioner).unwrap();
    let samples = 500u64;
    let mut queries: Vec<(&str, String)> = Vec::new();
    for i in 0..samples {
        let id = 1 + (i * 7919) % total;
        let p = store.petitioner(id).unwrap().unwrap();
        queries.push(("name", p.name.clone()));
        let initials = pinyin_keys(&p.name)
            .into_iter()
            .find(|k| k.len() == p.name.chars().count());
        if let Some(k) = initials {
            queries.push(("pinyin initials", k));
        }
        if let Some(n) = &p.id_number {
            queries.push(("ID prefix", n[..10].to_string()));
        }
        if let Some(ph) = p.phones.first() {
            queries.push(("phone tail", ph[ph.len() - 4..].to_string()));
        }
    }
    // Warm the cache as a running desk would be.
    for (_, q) in &queries {
        desk.lookup(q, 20).unwrap();
    }
    for kind in ["name", "pinyin initials", "ID prefix", "phone tail"] {
        let mut times = Vec::new();
        let mut hits = 0usize;
        for round in 0..3 {
            for (_, q) in queries.iter().filter(|(k, _)| *k == kind) {
                let t = Instant::now();
                let found = desk.lookup(q, 20).unwrap();
                times.push(t.elapsed().as_secs_f64() * 1e3);
                if round == 0 {
                    hits += found.len();
                }
            }
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "lookup {kind:<16} n={:<5} p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms  (avg {:.1} results)",
            times.len(),
            percentile(&times, 0.50),
            percentile(&times, 0.99),
            times[times.len() - 1],
            hits as f64 / (times.len() / 3) as f64
        );
    }
}
