//! Registration latency on a large database (issue goal: p99 < 20 ms): each
//! `Desk::register` call timed whole, its flush to disk included, since the
//! desk shows the ledger number only once the contact is durable.
//!
//! Run through `benches/core.sh`, or point XFDESK_BENCH_DB at a database made
//! by `xfdesk init` as the same user. It WRITES 1,000 contacts into that
//! database: use a copy.

use std::time::Instant;
use time::macros::date;
use time::Duration;
use xfdesk::domain::idnum::check_char;
use xfdesk::domain::{Category, Channel, Level, Town};
use xfdesk::service::register::{MatterChoice, NewMatter, NewPetitioner, Person, Registration};
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::Counter;
use xfdesk::store::{OpenOptions, T};

const N: u64 = 1000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The first record of a reference table.
fn first<V: serde::de::DeserializeOwned + 'static>(desk: &Desk, t: T) -> V {
    desk.store()
        .records::<V>(t)
        .next()
        .expect("reference data")
        .expect("readable")
        .1
}

fn main() {
    let Ok(db) = std::env::var("XFDESK_BENCH_DB") else {
        eprintln!("register bench: set XFDESK_BENCH_DB (benches/core.sh does) — skipped");
        return;
    };
    let desk = Desk::open(db.as_ref(), &OpenOptions::default(), &current_unix_user())
        .expect("open bench database");
    let store = desk.store();
    let town: Town = first(&desk, T::Towns);
    let category: Category = first(&desk, T::Categories);
    let total = store.counter(Counter::Petitioner).unwrap();
    // New ID numbers: a region code the generator never uses (371999 is
    // its), birth dates and sequence numbers past any earlier run's.
    let salt = total;
    let mut times = Vec::with_capacity(N as usize);
    let (mut new, mut repeat) = (0, 0);
    let mut pick = 0u64;
    for i in 0..N {
        let r = if i % 2 == 0 {
            new += 1;
            let n = salt + i;
            let birth = date!(1950 - 01 - 01) + Duration::days((n / 1000) as i64);
            let first17 = format!(
                "991234{}{:02}{:02}{:03}",
                birth.year(),
                u8::from(birth.month()),
                birth.day(),
                n % 1000
            );
            let id = format!("{first17}{}", check_char(&first17).unwrap());
            Registration {
                at: None,
                channel: Channel::Visit,
                level: Level::County,
                headcount: 1,
                person: Person::New(NewPetitioner {
                    name: format!("测试{}", ["甲", "乙", "丙", "丁"][(i / 2 % 4) as usize]),
                    id_number: id,
                    phones: vec![format!("139{:08}", n % 100_000_000)],
                    town: Some(town.code.clone()),
                    village: None,
                    address: None,
                }),
                representatives: Vec::new(),
                letter_no: None,
                matter: MatterChoice::New(NewMatter {
                    category: category.code.clone(),
                    summary: "基准测试登记".into(),
                    town: None,
                    jurisdiction: Level::County,
                }),
                summary: String::new(),
                abnormal: false,
                correction: None,
            }
        } else {
            // A petitioner on file with a matter: a repeat contact on it.
            let (id, ledger) = loop {
                pick += 1;
                let id = 1 + (pick * 7919) % total;
                if let Some(p) = store.petitioner(id).unwrap() {
                    if let Some(l) = p.matters.first() {
                        break (id, *l);
                    }
                }
            };
            repeat += 1;
            Registration {
                at: None,
                channel: Channel::Visit,
                level: Level::County,
                headcount: 1,
                person: Person::Existing(id),
                representatives: Vec::new(),
                letter_no: None,
                matter: MatterChoice::Existing(ledger),
                summary: "基准测试重复来访".into(),
                abnormal: false,
                correction: None,
            }
        };
        let t = Instant::now();
        let saved = desk.register(&r);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if let Err(e) = saved {
            panic!("registration {i}: {e}");
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "registration save incl. flush (n={N}): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms  ({new} new petitioners with new matters, {repeat} repeat contacts)",
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        times[times.len() - 1],
    );
}
