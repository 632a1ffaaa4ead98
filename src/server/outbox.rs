//! The frames a connection has queued for its writer thread, bounded in
//! number and in bytes: a client that asks and never reads its answers holds
//! at most `MAX_QUEUED` bytes of the server's memory, then is dropped.

use super::protocol::ServerFrame;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Duration;

/// Frames waiting for a connection's writer; past this a push to a desk
/// that has stopped reading is dropped rather than waited for.
pub const OUTBOX: usize = 256;

/// Bytes waiting for a connection's writer. An answer past this waits for
/// the client to read; a push or progress note is dropped.
pub const MAX_QUEUED: usize = 8 << 20;

/// How long an answer waits for a client to read what is queued before it;
/// then the client is taken for gone and its connection dropped.
pub const STALL: Duration = Duration::from_secs(30);

/// The bytes queued and a wait for room.
pub struct Budget {
    queued: Mutex<usize>,
    room: Condvar,
    max: usize,
    stall: Duration,
    stalled: AtomicBool,
    /// The writer has gone: nothing more will be written.
    closed: AtomicBool,
}

impl Budget {
    pub fn new(max: usize, stall: Duration) -> Budget {
        Budget {
            queued: Mutex::new(0),
            room: Condvar::new(),
            max,
            stall,
            stalled: AtomicBool::new(false),
            closed: AtomicBool::new(false),
        }
    }

    /// Takes room for `bytes`, waiting for it when `wait` (up to the stall
    /// time without the writer making any). A frame larger than the whole
    /// budget goes when nothing else is queued. False when there is none.
    pub fn reserve(&self, bytes: usize, wait: bool) -> bool {
        let mut queued = self.queued.lock().unwrap_or_else(|p| p.into_inner());
        while *queued > 0 && *queued + bytes > self.max {
            if !wait || self.stalled() || self.closed.load(Ordering::Relaxed) {
                return false;
            }
            let before = *queued;
            let (q, timeout) = self
                .room
                .wait_timeout(queued, self.stall)
                .unwrap_or_else(|p| p.into_inner());
            queued = q;
            if timeout.timed_out() && *queued >= before {
                self.stalled.store(true, Ordering::Relaxed);
                return false;
            }
        }
        *queued += bytes;
        true
    }

    /// Gives back the room of a frame written (or never queued).
    pub fn release(&self, bytes: usize) {
        let mut queued = self.queued.lock().unwrap_or_else(|p| p.into_inner());
        *queued = queued.saturating_sub(bytes);
        self.room.notify_all();
    }

    /// The writer has gone; an answer waiting for room stops waiting.
    pub fn close(&self) {
        let _queued = self.queued.lock().unwrap_or_else(|p| p.into_inner());
        self.closed.store(true, Ordering::Relaxed);
        self.room.notify_all();
    }

    /// Whether an answer waited for room in vain: the client is not reading.
    pub fn stalled(&self) -> bool {
        self.stalled.load(Ordering::Relaxed)
    }

    pub fn queued(&self) -> usize {
        *self.queued.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The bytes a frame holds while queued.
pub fn weight(frame: &ServerFrame) -> usize {
    const SMALL: usize = 64;
    match frame {
        ServerFrame::Reply(Ok(bytes)) | ServerFrame::Chunk(bytes) => SMALL + bytes.len(),
        _ => SMALL,
    }
}

/// The sending side of a connection's queue.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::SyncSender<ServerFrame>,
    budget: Arc<Budget>,
}

impl Outbox {
    /// A queue and its receiving end, which gives back each frame's room
    /// with `Budget::release` once written.
    pub fn new(budget: Budget) -> (Outbox, mpsc::Receiver<ServerFrame>, Arc<Budget>) {
        let (tx, rx) = mpsc::sync_channel(OUTBOX);
        let budget = Arc::new(budget);
        let outbox = Outbox {
            tx,
            budget: Arc::clone(&budget),
        };
        (outbox, rx, budget)
    }

    /// Queues an answer or a chunk, waiting for room; false once the writer
    /// has gone or the client stopped reading.
    pub fn send(&self, frame: ServerFrame) -> bool {
        let w = weight(&frame);
        if !self.budget.reserve(w, true) {
            return false;
        }
        if self.tx.send(frame).is_err() {
            self.budget.release(w);
            return false;
        }
        true
    }

    /// Queues a note (a push, progress) if there is room now, else drops it.
    pub fn try_send(&self, frame: ServerFrame) {
        let w = weight(&frame);
        if self.budget.reserve(w, false) && self.tx.try_send(frame).is_err() {
            self.budget.release(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1 << 20;

    #[test]
    fn a_note_past_the_budget_is_dropped_and_an_answer_waits_then_gives_up() {
        let b = Budget::new(8 * MIB, Duration::from_millis(50));
        assert!(b.reserve(6 * MIB, true));
        assert!(!b.reserve(4 * MIB, false));
        assert!(!b.stalled());
        // Nobody writes: the answer waits its stall time, then the client is gone.
        assert!(!b.reserve(4 * MIB, true));
        assert!(b.stalled());
        assert_eq!(b.queued(), 6 * MIB);
    }

    #[test]
    fn room_made_by_the_writer_lets_a_waiting_answer_go() {
        let b = Arc::new(Budget::new(8 * MIB, Duration::from_secs(30)));
        assert!(b.reserve(6 * MIB, true));
        let writer = {
            let b = Arc::clone(&b);
            std::thread::spawn(move || b.release(6 * MIB))
        };
        assert!(b.reserve(4 * MIB, true));
        writer.join().unwrap();
        assert_eq!(b.queued(), 4 * MIB);
        assert!(!b.stalled());
    }

    #[test]
    fn a_frame_larger_than_the_budget_goes_alone() {
        let b = Budget::new(MIB, Duration::from_millis(10));
        assert!(b.reserve(16 * MIB, false));
        assert!(!b.reserve(1, false));
        b.release(16 * MIB);
        assert!(b.reserve(1, false));
    }

    #[test]
    fn an_answer_waiting_for_room_stops_when_the_writer_goes() {
        let b = Arc::new(Budget::new(MIB, Duration::from_secs(600)));
        assert!(b.reserve(MIB, true));
        let writer = {
            let b = Arc::clone(&b);
            std::thread::spawn(move || b.close())
        };
        assert!(!b.reserve(1, true));
        writer.join().unwrap();
        assert!(!b.stalled());
    }

    #[test]
    fn a_queue_counts_the_bytes_of_what_it_holds() {
        let (outbox, rx, budget) = Outbox::new(Budget::new(MIB, Duration::from_millis(10)));
        assert!(outbox.send(ServerFrame::Chunk(vec![0; 1000])));
        outbox.try_send(ServerFrame::Chunk(vec![0; MIB]));
        assert_eq!(budget.queued(), 1064);
        let frame = rx.recv().unwrap();
        budget.release(weight(&frame));
        assert_eq!(budget.queued(), 0);
        assert!(rx.try_recv().is_err());
    }
}
