use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use shuttle::scheduler::{PctScheduler, RandomScheduler, Scheduler};
use shuttle::sync::{Arc, Condvar, Mutex};
use shuttle::{Config, Runner, thread};

// ANCHOR: ring
const CAP: usize = 24;
const SENT: u32 = CAP as u32 + 2;

struct Ring {
    slots: [u32; CAP],
    head: usize, // the oldest value
    len: usize,
}

/// A bounded queue on a ring of `CAP` slots. `send` waits while the ring
/// holds `full_at` values: `CAP` is right, `CAP + 1` the planted off-by-one.
struct Bounded {
    ring: Mutex<Ring>,
    changed: Condvar,
    full_at: usize,
}

impl Bounded {
    fn send(&self, value: u32) {
        let mut ring = self.ring.lock().unwrap();
        while ring.len >= self.full_at {
            ring = self.changed.wait(ring).unwrap();
        }
        let tail = (ring.head + ring.len) % CAP; // when full: the oldest slot
        ring.slots[tail] = value;
        ring.len += 1;
        self.changed.notify_all();
    }

    fn recv(&self) -> u32 {
        let mut ring = self.ring.lock().unwrap();
        while ring.len == 0 {
            ring = self.changed.wait(ring).unwrap();
        }
        let value = ring.slots[ring.head];
        (ring.head, ring.len) = ((ring.head + 1) % CAP, ring.len - 1);
        self.changed.notify_all();
        value
    }
}
// ANCHOR_END: ring

/// A producer thread sends 0, 1, ... SENT - 1 (two more values than the
/// ring holds); the main thread must receive them all, in order.
fn in_order(full_at: usize) {
    RUNS.fetch_add(1, SeqCst);
    let ring = Ring {
        slots: [0; CAP],
        head: 0,
        len: 0,
    };
    let queue = Arc::new(Bounded {
        ring: Mutex::new(ring),
        changed: Condvar::new(),
        full_at,
    });
    let producer = Arc::clone(&queue);
    let sending = thread::spawn(move || (0..SENT).for_each(|v| producer.send(v)));
    let received: Vec<u32> = (0..SENT).map(|_| queue.recv()).collect();
    sending.join().unwrap();
    assert_eq!(received, (0..SENT).collect::<Vec<_>>(), "lost or reordered");
}

/// How many schedules each search may try.
const TRIES: usize = 200;

static RUNS: AtomicUsize = AtomicUsize::new(0);

/// Runs `in_order(full_at)` under `scheduler` until it fails or runs out of
/// schedules: `Some(n)` if schedule `n` failed. The seeded schedulers make
/// the same choices on every run of this program.
fn caught_at(scheduler: impl Scheduler + 'static, full_at: usize) -> Option<usize> {
    RUNS.store(0, SeqCst);
    let run = panic::catch_unwind(AssertUnwindSafe(|| {
        Runner::new(scheduler, Config::default()).run(move || in_order(full_at));
    }));
    run.is_err().then(|| RUNS.load(SeqCst))
}

// ANCHOR: main
fn main() {
    for seed in 1..=5 {
        let random = caught_at(RandomScheduler::new_from_seed(seed, TRIES), CAP + 1);
        let pct = caught_at(PctScheduler::new_from_seed(seed, 3, TRIES), CAP + 1);
        assert!(pct.is_some(), "PCT must catch the off-by-one (seed {seed})");
        println!("seed {seed}: random {}; PCT {}", said(random), said(pct));
    }
    // The same searches, from another seed, must pass the correct ring.
    assert_eq!(
        caught_at(RandomScheduler::new_from_seed(7, TRIES), CAP),
        None
    );
    assert_eq!(
        caught_at(PctScheduler::new_from_seed(7, 3, TRIES), CAP),
        None
    );
    println!("full_at = CAP: {TRIES} random and {TRIES} PCT schedules passed");
}
// ANCHOR_END: main

fn said(caught: Option<usize>) -> String {
    caught.map_or(format!("missed it in {TRIES} schedules"), |n| {
        format!("caught it at schedule {n}")
    })
}
