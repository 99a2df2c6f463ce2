//! The nursery's three rules, checked with a live-task counter and tokio's
//! paused clock (deterministic: time only moves when every task waits).

use std::time::Duration;

use ch06_beyond_tokio::live::{LiveCount, LiveGuard};
use ch06_beyond_tokio::nursery::Nursery;
use tokio::time::{Instant, sleep};

async fn child(
    ms: u64,
    outcome: Result<(), &'static str>,
    _alive: LiveGuard,
) -> Result<(), &'static str> {
    sleep(Duration::from_millis(ms)).await;
    outcome
}

#[tokio::test(start_paused = true)]
async fn first_error_cancels_the_siblings_and_nothing_outlives_the_scope() {
    let live = LiveCount::default();
    let start = Instant::now();
    let mut nursery = Nursery::new();
    nursery.spawn(child(10, Ok(()), live.guard()));
    nursery.spawn(child(20, Err("boom"), live.guard()));
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    assert_eq!(live.get(), 4);

    assert_eq!(nursery.wait().await, Err("boom"));
    assert_eq!(live.get(), 0, "a child outlived the nursery");
    assert_eq!(start.elapsed(), Duration::from_millis(20));
}

#[tokio::test(start_paused = true)]
async fn without_errors_the_scope_waits_for_the_slowest_child() {
    let live = LiveCount::default();
    let start = Instant::now();
    let mut nursery = Nursery::new();
    for ms in [30, 10, 20] {
        nursery.spawn(child(ms, Ok(()), live.guard()));
    }
    assert_eq!(nursery.wait().await, Ok(()));
    assert_eq!(live.get(), 0);
    assert_eq!(start.elapsed(), Duration::from_millis(30));
}

#[tokio::test(start_paused = true)]
async fn a_panicking_child_cancels_the_siblings_then_panics_in_the_parent() {
    let live = LiveCount::default();
    let mut nursery: Nursery<&'static str> = Nursery::new();
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    let guard = live.guard();
    nursery.spawn(async move {
        let _alive = guard;
        sleep(Duration::from_millis(5)).await;
        panic!("child panicked");
    });
    // Run `wait` in a task of its own, so that its panic becomes a JoinError.
    let parent = tokio::spawn(nursery.wait()).await;
    let payload = parent.unwrap_err().into_panic();
    assert_eq!(*payload.downcast::<&str>().unwrap(), "child panicked");
    assert_eq!(live.get(), 0);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_nursery_aborts_its_children_but_does_not_wait() {
    let live = LiveCount::default();
    let mut nursery: Nursery<&'static str> = Nursery::new();
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    tokio::task::yield_now().await; // let both children start
    drop(nursery); // JoinSet's Drop aborts every task...
    // ...and the runtime drops them the next time it runs them.
    every_child_dropped(&live).await;
}

#[tokio::test(start_paused = true)]
async fn cancelling_the_parent_aborts_the_children_without_waiting_for_them() {
    let live = LiveCount::default();
    let mut nursery: Nursery<&'static str> = Nursery::new();
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    nursery.spawn(child(3_600_000, Ok(()), live.guard()));
    // The parent is cancelled: `timeout` drops `wait`'s future, and with it
    // the `JoinSet`, whose `Drop` only *asks* for each child to be aborted.
    let cancelled = tokio::time::timeout(Duration::from_millis(10), nursery.wait()).await;
    assert!(cancelled.is_err());
    // On this one-thread runtime nothing has run the children since, so
    // both still exist: rule 1 is broken while `wait` is not awaited to the
    // end, and nothing waits for them.
    assert_eq!(live.get(), 2, "the aborted children are still alive");
    every_child_dropped(&live).await;
}

#[tokio::test(start_paused = true)]
async fn a_grandchild_spawned_with_tokio_spawn_escapes_the_nursery() {
    let live = LiveCount::default();
    let grandchild_alive = live.guard();
    let mut nursery: Nursery<&'static str> = Nursery::new();
    nursery.spawn(async move {
        // A `go` statement inside a child: the nursery never sees this task.
        tokio::spawn(async move {
            let _alive = grandchild_alive;
            sleep(Duration::from_secs(3_600)).await;
        });
        Ok(())
    });
    assert_eq!(nursery.wait().await, Ok(()));
    assert_eq!(live.get(), 1, "the grandchild outlives the nursery");
}

/// Aborted children are dropped the next time the runtime runs them: let it
/// run, a bounded number of times, until none is live.
async fn every_child_dropped(live: &LiveCount) {
    for _ in 0..100 {
        if live.get() == 0 {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!(
        "aborted children were never dropped: {} still live",
        live.get()
    );
}
