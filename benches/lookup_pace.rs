//! How fast one login can look people up: first with nothing in its way (each
//! distinct search written to the trail and flushed), then held to the pace
//! of `domain::pace`, on the demo office. `cargo bench --bench lookup_pace`.

use std::io::BufRead;
use std::time::{Duration, Instant};
use xfdesk::domain::pace::{BURST, PER_SECOND};
use xfdesk::domain::Petitioner;
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::{OpenOptions, T};

/// A lookup that took this long was held back, not slow.
const HELD: Duration = Duration::from_millis(100);

fn main() {
    let dir = tempfile::TempDir::new().expect("temporary directory");
    let desk = Desk::init(
        &dir.path().join("db"),
        &OpenOptions::default(),
        &current_unix_user(),
    )
    .expect("init");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo.jsonl");
    let file: Box<dyn BufRead> = Box::new(std::io::BufReader::new(
        std::fs::File::open(demo).expect("fixtures/demo.jsonl"),
    ));
    desk.import_sources(vec![("demo.jsonl".into(), file)])
        .expect("import the demo office");
    let mut names: Vec<String> = desk
        .store()
        .records::<Petitioner>(T::Petitioners)
        .map(|r| r.expect("petitioner").1.name)
        .collect();
    names.sort();
    names.dedup();
    // Each query a search of its own: none begins with the one before.
    let queries: Vec<&String> = names
        .iter()
        .zip(names.iter().skip(1))
        .filter(|(a, b)| !b.starts_with(a.as_str()))
        .map(|(_, b)| b)
        .collect();

    desk.store().lookup_pace().set_on(false);
    let t = Instant::now();
    for q in &queries {
        desk.lookup(q, 20).expect("lookup");
    }
    let free = queries.len() as f64 / t.elapsed().as_secs_f64();
    println!(
        "lookups per second one login makes unpaced (each distinct search audited and flushed): {free:.0} ({} searches)",
        queries.len()
    );

    desk.store().lookup_pace().set_on(true);
    let n = BURST as usize + 20;
    let t = Instant::now();
    let mut burst = None;
    let mut held_from = None;
    for (i, q) in queries.iter().cycle().take(n).enumerate() {
        let one = Instant::now();
        desk.lookup(q, 20).expect("lookup");
        if burst.is_none() && one.elapsed() >= HELD {
            burst = Some(i);
            held_from = Some(one);
        }
    }
    let burst = burst.expect("the pace held no lookup back");
    let held = (n - burst) as f64 / held_from.expect("held").elapsed().as_secs_f64();
    println!(
        "lookups a single login makes at full speed before it is slowed and flagged: {burst} (in {:.0} ms)",
        (held_from.expect("held") - t).as_secs_f64() * 1e3
    );
    println!(
        "lookups per second a single login can make before it is slowed/flagged: {held:.2} (the pace allows {PER_SECOND:.1} past a burst of {BURST})"
    );
}
