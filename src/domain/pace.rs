//! How fast one staff login may look people up. A clerk searches once every
//! few seconds; a login searching many times a second is a script copying
//! the register out, so past a burst its lookups are slowed to a pace no
//! desk needs, and the first slowed lookup of each burst is flagged.
//! A token bucket per login, shared by every connection of that login.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Distinct searches one login may make at once before it is slowed: twenty
/// in a row is already several times what a busy desk makes in a minute.
pub const BURST: f64 = 20.0;

/// Distinct searches a second a login may keep up once past the burst: a
/// clerk types one search every few seconds, so two a second is never met
/// at a desk, yet turns a copy of 300,000 people into a two-day job.
pub const PER_SECOND: f64 = 2.0;

/// What a keystroke that continues the search being typed costs, in
/// searches: typing a name is one search, but continuing one cannot be a
/// way around the limit.
pub const KEYSTROKE: f64 = 0.1;

/// What a lookup has to wait, and whether it is the first slowed one of its
/// burst (then: the lookups of the burst so far, over how long).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paced {
    pub wait: Duration,
    pub flag: Option<(u64, Duration)>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
    /// When the burst began (the bucket last full) and its lookups since.
    since: Instant,
    lookups: u64,
    flagged: bool,
}

/// Every login's bucket; off for benchmarks that measure the search itself.
pub struct Pace {
    buckets: Mutex<HashMap<String, Bucket>>,
    on: std::sync::atomic::AtomicBool,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            buckets: Mutex::default(),
            on: std::sync::atomic::AtomicBool::new(true),
        }
    }
}

impl Pace {
    pub fn set_on(&self, on: bool) {
        self.on.store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Takes a lookup of `cost` searches for `login` at `now`. The wait is
    /// reserved: lookups of the same login on other connections queue
    /// behind it rather than beside it.
    pub fn take(&self, login: &str, cost: f64, now: Instant) -> Paced {
        let free = Paced {
            wait: Duration::ZERO,
            flag: None,
        };
        if !self.on.load(std::sync::atomic::Ordering::Relaxed) {
            return free;
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = buckets.entry(login.to_string()).or_insert(Bucket {
            tokens: BURST,
            at: now,
            since: now,
            lookups: 0,
            flagged: false,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * PER_SECOND).min(BURST);
        b.at = now;
        if b.tokens >= BURST {
            b.since = now;
            b.lookups = 0;
            b.flagged = false;
        }
        b.lookups += 1;
        b.tokens -= cost;
        if b.tokens >= 0.0 {
            return free;
        }
        let flag = (!b.flagged).then(|| (b.lookups, now.saturating_duration_since(b.since)));
        b.flagged = true;
        Paced {
            wait: Duration::from_secs_f64(-b.tokens / PER_SECOND),
            flag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_free_then_each_search_waits_its_turn_and_the_first_is_flagged() {
        let pace = Pace::default();
        let t0 = Instant::now();
        for _ in 0..20 {
            assert_eq!(pace.take("a", 1.0, t0).wait, Duration::ZERO);
        }
        let first = pace.take("a", 1.0, t0);
        assert_eq!(first.wait, Duration::from_millis(500));
        assert_eq!(first.flag, Some((21, Duration::ZERO)));
        let second = pace.take("a", 1.0, t0);
        assert_eq!(second.wait, Duration::from_secs(1));
        assert_eq!(second.flag, None);
        // Another login is not held up by the first.
        assert_eq!(pace.take("b", 1.0, t0).wait, Duration::ZERO);
        // Once the bucket has refilled, a new burst may be flagged again.
        let later = t0 + Duration::from_secs(60);
        for _ in 0..20 {
            assert_eq!(pace.take("a", 1.0, later).wait, Duration::ZERO);
        }
        assert!(pace.take("a", 1.0, later).flag.is_some());
    }

    #[test]
    fn keystrokes_continuing_a_search_cost_a_tenth() {
        let pace = Pace::default();
        let t0 = Instant::now();
        for _ in 0..200 {
            assert_eq!(pace.take("a", KEYSTROKE, t0).wait, Duration::ZERO);
        }
        assert!(pace.take("a", 1.0, t0).wait > Duration::ZERO);
    }
}
