//! The desk screens at 300k petitioners / 1M contacts: startup to first frame,
//! lookup keystroke to finished frame, and bytes sent to the terminal (what a
//! thin SSH link carries). Run through `benches/core.sh` or with
//! XFDESK_BENCH_DB pointing at a database made by the same user.

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use xfdesk::i18n::Lang;
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::OpenOptions;
use xfdesk::tui::action::Action;
use xfdesk::tui::draw::draw;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::{update, Model, Msg};
use xfdesk::tui::theme::Theme;

static BYTES: AtomicUsize = AtomicUsize::new(0);

/// Counts what would go to the terminal.
struct Counter;

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        BYTES.fetch_add(buf.len(), Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let Ok(db) = std::env::var("XFDESK_BENCH_DB") else {
        eprintln!("tui bench: set XFDESK_BENCH_DB (benches/core.sh does) — skipped");
        return;
    };
    let theme = Theme {
        color: true,
        ascii: false,
    };
    let start = Instant::now();
    let desk =
        Desk::open(db.as_ref(), &OpenOptions::default(), &current_unix_user()).expect("open");
    // Names typed one after another, far faster than a clerk: the frame is
    // measured, not the pace a login is held to.
    desk.store().lookup_pace().set_on(false);
    let keys = Keymap::load(None).unwrap();
    let mut model = Model::new(&desk, Lang::Zh, desk.today()).unwrap();
    let backend = CrosstermBackend::new(std::io::BufWriter::new(Counter));
    let mut term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap();
    term.draw(|f| draw(f, &model, &keys, &theme)).unwrap();
    term.backend_mut().flush().unwrap();
    println!(
        "startup to first frame: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    println!(
        "first full frame at 80x24: {} bytes",
        BYTES.swap(0, Ordering::Relaxed)
    );

    // Type queries one keystroke at a time, as staff do.
    let store = desk.store();
    let total = store.counter(xfdesk::store::Counter::Petitioner).unwrap();
    let mut times = Vec::new();
    let mut frame_bytes = Vec::new();
    update(&mut model, Msg::Action(Action::Lookup), &desk).unwrap();
    for i in 0..100u64 {
        let p = store
            .petitioner(1 + (i * 2_654_435_761) % total)
            .unwrap()
            .unwrap();
        let queries = [
            p.name.clone(),
            p.phones.first().cloned().unwrap_or_default(),
        ];
        for q in queries {
            for c in q.chars() {
                let t = Instant::now();
                update(&mut model, Msg::Text(c.to_string()), &desk).unwrap();
                term.draw(|f| draw(f, &model, &keys, &theme)).unwrap();
                term.backend_mut().flush().unwrap();
                times.push(t.elapsed().as_secs_f64() * 1e3);
                frame_bytes.push(BYTES.swap(0, Ordering::Relaxed) as f64);
            }
            for _ in q.chars() {
                update(&mut model, Msg::Backspace, &desk).unwrap();
            }
        }
    }
    let n = times.len();
    println!(
        "lookup keystroke to finished frame (n={n}): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; bytes per frame p50 {}",
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.99),
        times[n - 1],
        percentile(&mut frame_bytes, 0.5)
    );

    // Cursor moves in a full result list.
    update(&mut model, Msg::Text("王".into()), &desk).unwrap();
    term.draw(|f| draw(f, &model, &keys, &theme)).unwrap();
    term.backend_mut().flush().unwrap();
    BYTES.swap(0, Ordering::Relaxed);
    let mut moves = Vec::new();
    for i in 0..30 {
        let a = if i < 15 { Action::Down } else { Action::Up };
        update(&mut model, Msg::Action(a), &desk).unwrap();
        term.draw(|f| draw(f, &model, &keys, &theme)).unwrap();
        term.backend_mut().flush().unwrap();
        moves.push(BYTES.swap(0, Ordering::Relaxed) as f64);
    }
    let max = moves.iter().cloned().fold(0.0, f64::max);
    println!(
        "bytes for one cursor move in a result list: p50 {}, max {max}",
        percentile(&mut moves, 0.5)
    );
}
