use std::env;
use std::sync::atomic::AtomicUsize as Counter;
use std::time::Instant;

use ch06_testing::planted_bug::{planted_bug_verdict, report_first_panic};

use loom::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use loom::sync::{Arc, Condvar as LoomCondvar, LockResult, Mutex, MutexGuard};
use loom::thread;

// ANCHOR: swap
/// What chapter 1's `Event` finds at `crate::sync`: loom's lock, and loom's
/// condition variable with the `wait_while` loop that loom 0.7 lacks.
mod sync {
    pub use loom::sync::Mutex;

    #[derive(Default)]
    pub struct Condvar(loom::sync::Condvar);

    impl Condvar {
        pub fn notify_all(&self) {
            self.0.notify_all();
        }

        pub fn wait_while<'a, T>(
            &self,
            mut guard: loom::sync::MutexGuard<'a, T>,
            mut condition: impl FnMut(&mut T) -> bool,
        ) -> std::sync::LockResult<loom::sync::MutexGuard<'a, T>> {
            while condition(&mut *guard) {
                guard = self.0.wait(guard)?; // what std's wait_while does
            }
            Ok(guard)
        }
    }
}

/// Chapter 1's listing, the very file, compiled against `sync` above.
/// Its `main` and its own std `sync` module go unused here.
#[allow(dead_code, unused_imports)]
#[path = "../../../ch01-threading/src/bin/condvar_ready_event.rs"]
mod chapter1;
// ANCHOR_END: swap

/// Anything with `set` and `wait`: chapter 1's `Event` and two broken ones.
trait Gate: Default + Send + Sync + 'static {
    fn set(&self);
    fn wait(&self);
}

impl Gate for chapter1::Event {
    fn set(&self) {
        chapter1::Event::set(self);
    }
    fn wait(&self) {
        chapter1::Event::wait(self);
    }
}

// ANCHOR: model
/// Two workers wait for the gate; main publishes a value, then opens it.
fn scenario<G: Gate>() {
    let gate = Arc::new(G::default());
    let config = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (gate, config) = (Arc::clone(&gate), Arc::clone(&config));
            thread::spawn(move || {
                gate.wait();
                // Relaxed: only the mutex inside the gate orders this load.
                assert_eq!(config.load(Relaxed), 3, "woke before the config");
            })
        })
        .collect();
    config.store(3, Relaxed);
    gate.set();
    for worker in workers {
        worker.join().unwrap();
    }
}

/// Explores every schedule of `scenario::<G>` with at most `bound`
/// preemptions, counting them; loom panics at the first one that fails.
fn check<G: Gate>(bound: Option<usize>) -> usize {
    RUNS.store(0, Relaxed);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound; // None: every schedule there is
    builder.check(|| {
        RUNS.fetch_add(1, Relaxed);
        scenario::<G>();
    });
    RUNS.load(Relaxed)
}
// ANCHOR_END: model

// ANCHOR: bugs
/// Planted bug 1: `set` forgets to wake the sleepers.
#[derive(Default)]
struct NoWakeUp {
    is_set: Mutex<bool>,
    changed: LoomCondvar,
}

impl Gate for NoWakeUp {
    fn set(&self) {
        *self.is_set.lock().unwrap() = true; // ...and no notify_all()
    }
    fn wait(&self) {
        let is_set = self.is_set.lock().unwrap();
        drop(sleep_while_unset(&self.changed, is_set));
    }
}

/// Planted bug 2: `wait` checks the flag, lets go of the lock, then sleeps.
#[derive(Default)]
struct CheckThenWait {
    is_set: Mutex<bool>,
    changed: LoomCondvar,
}

impl Gate for CheckThenWait {
    fn set(&self) {
        *self.is_set.lock().unwrap() = true;
        self.changed.notify_all();
    }
    fn wait(&self) {
        let unset = !*self.is_set.lock().unwrap(); // the guard dies here
        if unset {
            let is_set = self.is_set.lock().unwrap(); // set() may run first
            drop(self.changed.wait(is_set)); // ...and its wake-up is lost
        }
    }
}
// ANCHOR_END: bugs

fn sleep_while_unset<'a>(
    changed: &LoomCondvar,
    mut is_set: MutexGuard<'a, bool>,
) -> LockResult<MutexGuard<'a, bool>> {
    while !*is_set {
        is_set = changed.wait(is_set)?;
    }
    Ok(is_set)
}

static RUNS: Counter = Counter::new(0);

// ANCHOR: main
fn main() {
    if let Some(bug) = env::args().nth(1) {
        return run_planted_bug(&bug); // in a child process, see below
    }
    for bound in [Some(2), Some(3), None] {
        let start = Instant::now();
        let runs = check::<chapter1::Event>(bound);
        let bound = bound.map_or("no bound".into(), |n| format!("bound {n}"));
        println!(
            "Event, {bound}: passed {runs} schedules in {:.2?}",
            start.elapsed()
        );
    }

    for bug in ["no-wake-up", "check-then-wait"] {
        // At bound 3, in a child copy of this program: a failed loom model
        // can abort while it cleans up (see lib.rs).
        let verdict = planted_bug_verdict(bug);
        assert!(verdict.contains("deadlock"), "{bug}: {verdict}");
        println!("{bug}: {verdict}");
    }
}
// ANCHOR_END: main

/// The child: check one broken gate; report loom's first complaint.
fn run_planted_bug(bug: &str) {
    report_first_panic(&RUNS, "schedule");
    let runs = match bug {
        "no-wake-up" => check::<NoWakeUp>(Some(3)),
        "check-then-wait" => check::<CheckThenWait>(Some(3)),
        other => panic!("unknown planted bug {other}"),
    };
    println!("loom: passed {runs} schedules");
}
