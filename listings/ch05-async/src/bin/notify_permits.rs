//! `Notify`: a wake-up with no data. `notify_one` stores one permit when
//! nobody waits; `notify_waiters` wakes only the futures that exist already
//! and stores nothing, which is how a wake-up gets lost.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::task::{Context, Waker};
use tokio::sync::Notify;

/// Polls a future once, with a waker that does nothing: is it done already?
fn ready_now<F: Future>(future: Pin<&mut F>) -> bool {
    future
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_ready()
}

// ANCHOR: permits
fn permits() {
    let notify = Notify::new();
    notify.notify_one(); // nobody waits: a permit is stored
    notify.notify_one(); // still one permit: they do not add up
    assert!(ready_now(pin!(notify.notified()))); // takes the permit
    assert!(!ready_now(pin!(notify.notified()))); // none left

    notify.notify_waiters(); // nobody waits: nothing is stored
    assert!(!ready_now(pin!(notify.notified())));

    let early = pin!(notify.notified()); // made before the call, not yet polled
    notify.notify_waiters();
    assert!(ready_now(early)); // it counts as a waiter: woken
    println!("notify_one before the wait: kept (one permit, however many calls)");
    println!("notify_waiters before the wait: gone; after notified(): delivered");
}
// ANCHOR_END: permits

// ANCHOR: lost_wakeup
/// A flag that tasks wait for, set once.
#[derive(Default)]
struct Flag {
    set: AtomicBool,
    notify: Notify,
}

impl Flag {
    fn set(&self) {
        self.set.store(true, SeqCst);
        self.notify.notify_waiters(); // wake everyone waiting now
    }

    async fn wait(&self) {
        let notified = self.notify.notified(); // first become a waiter,
        if !self.set.load(SeqCst) {
            notified.await; // then check, and wait only if still unset
        }
    }
}

/// One schedule, played by hand: the waiter checks the flag, the setter
/// runs in the gap, then the waiter polls its `Notified`, made before the
/// check (`register_first`) or after it. Is the wake-up delivered?
fn played_by_hand(register_first: bool) -> bool {
    let flag = Flag::default();
    let early = register_first.then(|| Box::pin(flag.notify.notified()));
    assert!(!flag.set.load(SeqCst)); // the waiter: "not set yet"
    flag.set(); // the setter, in the gap
    let mut notified = early.unwrap_or_else(|| Box::pin(flag.notify.notified()));
    ready_now(notified.as_mut())
}
// ANCHOR_END: lost_wakeup

#[tokio::main]
async fn main() {
    permits();

    // ANCHOR: main
    assert!(!played_by_hand(false), "check, then notified(): lost");
    assert!(played_by_hand(true), "notified(), then check: woken");
    println!("check then notified(): the wake-up is lost; notified() first: woken");

    let flag = Arc::new(Flag::default());
    let mut waiters = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let flag = Arc::clone(&flag);
        waiters.spawn(async move { flag.wait().await });
    }
    flag.set();
    let woken = waiters.join_all().await.len();
    assert_eq!(woken, 8);
    println!("Flag::wait on 8 tasks, set once: {woken} woken");
    // ANCHOR_END: main
}
