//! What the benches share: timing a piece of work the same way.

use std::time::Instant;

/// How many timed runs a median is taken over, after one warm-up.
pub const RUNS: usize = 5;

/// Median milliseconds of `RUNS` runs after one warm-up, and the last result.
pub fn median<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut last = f();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        last = f();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[RUNS / 2], last)
}
