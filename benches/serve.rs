//! Round trips through `xfdesk serve` with 20 busy clients (issue goal: a
//! lookup's p99 under 5 ms), and the registrations per second the server
//! sustains, each flushed before it is answered.
//!
//! The server runs in this process on its real socket, code and peer mapping
//! (this Unix user must be staff of the database); the clients are threads
//! speaking the protocol. Run through `benches/core.sh`, or point
//! XFDESK_BENCH_DB at a database made by `xfdesk init` as the same user. It
//! WRITES contacts into that database: use a copy.

use std::sync::Arc;
use std::time::Instant;
use time::macros::date;
use time::Duration;
use xfdesk::domain::idnum::check_char;
use xfdesk::domain::search::pinyin_keys;
use xfdesk::domain::{Category, Channel, LedgerNo, Level, Town};
use xfdesk::server::{Client, ServeOptions, Server};
use xfdesk::service::register::{MatterChoice, NewMatter, NewPetitioner, Person, Registration};
use xfdesk::service::DeskCalls;
use xfdesk::store::Counter;
use xfdesk::store::{OpenOptions, Store, T};

const CLIENTS: usize = 20;
/// Per client in the mixed phase: lookups, with a registration every tenth.
const LOOKUPS: usize = 300;
/// Per client in the write phase.
const WRITES: u64 = 100;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn first<V: serde::de::DeserializeOwned + 'static>(store: &Store, t: T) -> V {
    store
        .records::<V>(t)
        .next()
        .expect("reference data")
        .expect("readable")
        .1
}

/// What registrations are made of: a town, a category, matters to repeat on.
struct Material {
    town: String,
    category: String,
    repeats: Vec<(u64, LedgerNo)>,
    /// Past any earlier run's new ID numbers.
    salt: u64,
}

impl Material {
    /// Registration `n`: even ones a new person with a new matter, odd ones a
    /// repeat contact on a matter on file.
    fn registration(&self, n: u64) -> Registration {
        let (person, matter) = if n % 2 == 0 {
            let k = self.salt + n;
            let birth = date!(1950 - 01 - 01) + Duration::days((k / 1000 % 20000) as i64);
            let first17 = format!(
                "991235{}{:02}{:02}{:03}",
                birth.year(),
                u8::from(birth.month()),
                birth.day(),
                k % 1000
            );
            let id = format!("{first17}{}", check_char(&first17).unwrap());
            (
                Person::New(NewPetitioner {
                    name: "服务测试".into(),
                    id_number: id,
                    phones: vec![format!("138{:08}", k % 100_000_000)],
                    town: Some(self.town.clone()),
                    ..Default::default()
                }),
                MatterChoice::New(NewMatter {
                    category: self.category.clone(),
                    summary: "服务基准登记".into(),
                    town: None,
                    jurisdiction: Level::County,
                }),
            )
        } else {
            let (id, ledger) = self.repeats[(n as usize / 2) % self.repeats.len()];
            (Person::Existing(id), MatterChoice::Existing(ledger))
        };
        Registration {
            at: None,
            channel: Channel::Visit,
            level: Level::County,
            headcount: 1,
            person,
            representatives: Vec::new(),
            letter_no: None,
            matter,
            summary: "服务基准来访".into(),
            abnormal: false,
            correction: None,
        }
    }
}

fn main() {
    let Ok(db) = std::env::var("XFDESK_BENCH_DB") else {
        eprintln!("serve bench: set XFDESK_BENCH_DB (benches/core.sh does) — skipped");
        return;
    };
    let store =
        Arc::new(Store::open(db.as_ref(), &OpenOptions::default()).expect("open bench database"));
    // Twenty desks share one login here: the round trip is measured, not the
    // pace one login is held to.
    store.lookup_pace().set_on(false);
    let total = store.counter(Counter::Petitioner).unwrap();
    let mut queries = Vec::new();
    let mut repeats = Vec::new();
    for i in 0..500u64 {
        let p = store.petitioner(1 + (i * 7919) % total).unwrap().unwrap();
        if let Some(l) = p.matters.first() {
            repeats.push((p.id, *l));
        }
        queries.push(p.name.clone());
        if let Some(k) = pinyin_keys(&p.name)
            .into_iter()
            .find(|k| k.len() == p.name.chars().count())
        {
            queries.push(k);
        }
        if let Some(n) = &p.id_number {
            queries.push(n[..10].to_string());
        }
        if let Some(ph) = p.phones.first() {
            queries.push(ph[ph.len() - 4..].to_string());
        }
    }
    let material = Arc::new(Material {
        town: first::<Town>(&store, T::Towns).code,
        category: first::<Category>(&store, T::Categories).code,
        repeats,
        // A window of ID numbers of its own for each run (12,500 numbers,
        // more than a run registers): a rerun on the same database meets no
        // number an earlier run registered, which the desk would refuse.
        salt: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() % 1600)
            * 12_500,
    });
    println!(
        "serve bench on {total} petitioners and {} contacts, {CLIENTS} clients",
        store.counter(Counter::Contact).unwrap()
    );
    let queries = Arc::new(queries);
    // XFDESK_BENCH_PROCESS_ONLY=1: only the server as a process of its own.
    if std::env::var_os("XFDESK_BENCH_PROCESS_ONLY").is_some() {
        drop(store);
        return serve_process_memory(&db, &queries, &material, 0);
    }

    let socket = std::env::temp_dir().join(format!("xfdesk-bench-{}.sock", std::process::id()));
    // Twenty desks of one login here: the per-login cap is for a real office.
    // Room for a phase's desks while the server still counts the last
    // phase's, whose ends it notices a moment after they close.
    let mut options = ServeOptions::new(socket.clone());
    options.max_per_login = CLIENTS * 3;
    let server = Server::bind(Arc::clone(&store), options).expect("bind");
    let stopper = server.stopper();
    let serving = std::thread::spawn(move || server.run());
    // Warm the cache as a running office would have it.
    let warm = Client::connect(&socket).expect("this user must be staff of the database");
    for _ in 0..2 {
        for q in queries.iter() {
            warm.lookup(q.to_string(), 20).unwrap();
        }
    }
    drop(warm);

    // The same lookups in process and through the server, one at a time:
    // what the socket and the protocol add.
    let login = xfdesk::service::current_unix_user();
    let desk = xfdesk::service::Desk::shared(Arc::clone(&store), &login).unwrap();
    let alone = Client::connect(&socket).unwrap();
    let (mut inside, mut through) = (Vec::new(), Vec::new());
    for q in queries.iter() {
        let t = Instant::now();
        desk.lookup(q, 20).unwrap();
        inside.push(t.elapsed().as_secs_f64() * 1e3);
    }
    for q in queries.iter() {
        let t = Instant::now();
        alone.lookup(q.to_string(), 20).unwrap();
        through.push(t.elapsed().as_secs_f64() * 1e3);
    }
    drop((desk, alone));
    for (what, times) in [
        ("in process", &mut inside),
        ("one client alone", &mut through),
    ] {
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "serve lookup, {what} (n={}): p50 {:.2} ms  p99 {:.2} ms",
            times.len(),
            percentile(times, 0.5),
            percentile(times, 0.99)
        );
    }
    let mut offset = 0;
    for (what, pace) in [
        (
            "at typing pace (a lookup every 50 ms each)",
            Some(std::time::Duration::from_millis(50)),
        ),
        ("without pause (saturating both cores)", None),
    ] {
        let (lookups, writes, secs) = mixed(&socket, &queries, &material, pace, offset);
        offset += (CLIENTS * LOOKUPS) as u64;
        println!(
            "serve lookup round trip, {CLIENTS} clients {what} (n={}): p50 {:.2} ms  p99 {:.2} ms  max {:.1} ms  ({:.0} lookups/s)",
            lookups.len(),
            percentile(&lookups, 0.5),
            percentile(&lookups, 0.99),
            lookups[lookups.len() - 1],
            lookups.len() as f64 / secs
        );
        println!(
            "  registrations in that mix, one every tenth turn (n={}): p50 {:.1} ms  p99 {:.1} ms",
            writes.len(),
            percentile(&writes, 0.5),
            percentile(&writes, 0.99)
        );
    }

    // Live refresh: from a desk sending a registration to another desk
    // being told of it, while 18 more desks watch.
    let pushes = push_latency(&socket, &material, offset);
    offset += PUSHES;
    println!(
        "serve push, a registration sent at one desk until another desk is told, {} watching (n={}): p50 {:.2} ms  p99 {:.2} ms  max {:.1} ms",
        CLIENTS - 1,
        pushes.len(),
        percentile(&pushes, 0.5),
        percentile(&pushes, 0.99),
        pushes[pushes.len() - 1]
    );

    // Writes only: how many flushed registrations a second the server takes.
    let t0 = Instant::now();
    let clients: Vec<_> = (0..CLIENTS as u64)
        .map(|c| {
            let (socket, material) = (socket.clone(), Arc::clone(&material));
            std::thread::spawn(move || {
                let client = Client::connect(&socket).unwrap();
                for i in 0..WRITES {
                    client
                        .register(material.registration(offset + c * WRITES + i))
                        .unwrap();
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let secs = t0.elapsed().as_secs_f64();
    let n = CLIENTS as u64 * WRITES;
    println!(
        "serve registrations, {CLIENTS} clients registering without pause: {n} in {secs:.2} s = {:.0} registrations/s (each flushed before its answer)",
        n as f64 / secs
    );
    stopper.stop();
    let served = serving.join().unwrap().expect("server stopped cleanly");
    println!(
        "serve: {} connections, {} requests",
        served.connections, served.requests
    );
    drop(store);
    offset += CLIENTS as u64 * WRITES;
    serve_process_memory(&db, &queries, &material, offset);
}

/// The server as an office runs it, a process of its own: its peak resident
/// memory (VmHWM) while twenty desks look up at typing pace and register.
/// One login plays the twenty desks here, so the server runs without the
/// per-login lookup pace, which would otherwise hold them to one desk's.
fn serve_process_memory(
    db: &str,
    queries: &Arc<Vec<String>>,
    material: &Arc<Material>,
    offset: u64,
) {
    use std::io::BufRead;
    let socket = std::env::temp_dir().join(format!("xfdesk-bench-p{}.sock", std::process::id()));
    let max = (CLIENTS * 3).to_string();
    let arenas = std::env::var("MALLOC_ARENA_MAX").unwrap_or_else(|_| "4".into());
    let spawn = || {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_xfdesk"))
            .args(["--db", db, "--socket", socket.to_str().unwrap(), "serve"])
            .args(["--max-per-login", &max, "--no-lookup-pace"])
            // As the shipped systemd unit runs it, unless this run says otherwise.
            .env("MALLOC_ARENA_MAX", &arenas)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start xfdesk serve");
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let started = lines.any(|l| l.is_ok_and(|l| l.contains(" on ") && !l.contains("held")));
        (child, started, lines)
    };
    // This process's store may hold sled's lock a moment after it is dropped.
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    let (mut child, mut lines) = loop {
        let (mut child, started, lines) = spawn();
        if started {
            break (child, lines);
        }
        let _ = child.wait();
        assert!(Instant::now() < deadline, "xfdesk serve did not start");
        std::thread::yield_now();
    };
    // Drain its log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    let pid = child.id();
    // Warm its cache as a running office would have it, as above.
    let warm = Client::connect(&socket).expect("this user must be staff of the database");
    for _ in 0..2 {
        for q in queries.iter() {
            warm.lookup(q.to_string(), 20).unwrap();
        }
    }
    drop(warm);
    println!(
        "serve process: {:.1} MiB resident once started and warmed by one desk's lookups",
        mib(pid, "VmHWM:")
    );
    let (lookups, writes, secs) = mixed(
        &socket,
        queries,
        material,
        Some(std::time::Duration::from_millis(50)),
        offset,
    );
    let (peak, now) = (mib(pid, "VmHWM:"), mib(pid, "VmRSS:"));
    let _ = nix_terminate(pid);
    let _ = child.wait();
    println!(
        "serve process (MALLOC_ARENA_MAX={arenas}), {CLIENTS} desks at typing pace ({} lookups, {} registrations in {secs:.1} s): lookup p50 {:.2} ms  p99 {:.2} ms; peak RSS {:.1} MiB (now {:.1} MiB)",
        lookups.len(),
        writes.len(),
        percentile(&lookups, 0.5),
        percentile(&lookups, 0.99),
        peak, now
    );
}

/// A figure of `/proc/PID/status` (`VmHWM:` the peak resident memory,
/// `VmRSS:` what is resident now), in MiB.
fn mib(pid: u32, key: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// Asks the server to stop as an office's service manager does.
fn nix_terminate(pid: u32) -> std::io::Result<std::process::ExitStatus> {
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
}

/// Registrations timed from sending to the watching desk being told.
const PUSHES: u64 = 200;

fn push_latency(socket: &std::path::Path, material: &Material, offset: u64) -> Vec<f64> {
    use xfdesk::service::DeskApi;
    let (tx, told) = std::sync::mpsc::channel();
    let watcher = Client::connect(socket).unwrap();
    watcher
        .watch(Box::new(move |_| {
            let _ = tx.send(Instant::now());
        }))
        .unwrap();
    // The rest of the office watches too, as their desk screens do.
    let others: Vec<Client> = (0..CLIENTS - 2)
        .map(|_| {
            let c = Client::connect(socket).unwrap();
            c.watch(Box::new(|_| {})).unwrap();
            c
        })
        .collect();
    let writer = Client::connect(socket).unwrap();
    let mut times = Vec::new();
    for i in 0..PUSHES {
        let r = material.registration(offset + i);
        let sent = Instant::now();
        writer.register(r).unwrap();
        let at = told
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("the watching desk is told");
        times.push((at - sent).as_secs_f64() * 1e3);
        // A desk's pace: one registration every 20 ms at the busiest.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop((watcher, others, writer));
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times
}

/// Every client looks up (every `pace`, or without pause) and registers every
/// tenth turn. Returns the sorted lookup and registration times and the
/// seconds it took.
fn mixed(
    socket: &std::path::Path,
    queries: &Arc<Vec<String>>,
    material: &Arc<Material>,
    pace: Option<std::time::Duration>,
    offset: u64,
) -> (Vec<f64>, Vec<f64>, f64) {
    let t0 = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (socket, queries, material) = (
                socket.to_path_buf(),
                Arc::clone(queries),
                Arc::clone(material),
            );
            std::thread::spawn(move || {
                let client = Client::connect(&socket).unwrap();
                // Each desk screen watches for the others' changes.
                xfdesk::service::DeskApi::watch(&client, Box::new(|_| {})).unwrap();
                let (mut lookups, mut writes) = (Vec::new(), Vec::new());
                let start = Instant::now();
                for i in 0..LOOKUPS {
                    if let Some(p) = pace {
                        // Desks keep their own rhythm, staggered.
                        let due = p * i as u32 + p * c as u32 / CLIENTS as u32;
                        std::thread::sleep(due.saturating_sub(start.elapsed()));
                    }
                    let q = &queries[(c * 7 + i * 13) % queries.len()];
                    let t = Instant::now();
                    client.lookup(q.to_string(), 20).unwrap();
                    lookups.push(t.elapsed().as_secs_f64() * 1e3);
                    if i % 10 == 9 {
                        let r = material.registration(offset + (c * LOOKUPS + i) as u64);
                        let t = Instant::now();
                        client.register(r).unwrap();
                        writes.push(t.elapsed().as_secs_f64() * 1e3);
                    }
                }
                (lookups, writes)
            })
        })
        .collect();
    let (mut lookups, mut writes) = (Vec::new(), Vec::new());
    for c in clients {
        let (l, w) = c.join().unwrap();
        lookups.extend(l);
        writes.extend(w);
    }
    let secs = t0.elapsed().as_secs_f64();
    for v in [&mut lookups, &mut writes] {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    }
    (lookups, writes, secs)
}
