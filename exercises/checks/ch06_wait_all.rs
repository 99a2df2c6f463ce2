use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

use exercises::paused;

/// Raises its flag when dropped: however the child that holds it ends.
struct Dropped(Arc<AtomicBool>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed); // read on the same runtime thread
    }
}

/// Two children that fail at 20 ms, and one that would sleep for an hour.
/// Returns what `wait_all` returned, the virtual time it took, and whether
/// the sleeper had been dropped by then.
fn two_fail_one_sleeps() -> (Result<(), Vec<&'static str>>, Duration, bool) {
    paused(async {
        let dropped = Arc::new(AtomicBool::new(false));
        let mut set = JoinSet::new();
        for name in ["a failed", "b failed"] {
            set.spawn(async move {
                sleep(Duration::from_millis(20)).await;
                Err(name)
            });
        }
        let guard = Dropped(Arc::clone(&dropped));
        set.spawn(async move {
            let _guard = guard;
            sleep(Duration::from_secs(3600)).await;
            Ok(())
        });
        let start = Instant::now();
        let got = wait_all(set).await;
        (got, start.elapsed(), dropped.load(Ordering::Relaxed))
    })
}

exercises::checks! {
    fn without_errors_it_waits_for_every_child() {
        let took = paused(async {
            let mut set = JoinSet::<Result<(), &str>>::new();
            for ms in [10, 30, 20] {
                set.spawn(async move {
                    sleep(Duration::from_millis(ms)).await;
                    Ok(())
                });
            }
            let start = Instant::now();
            assert_eq!(wait_all(set).await, Ok(()));
            start.elapsed()
        });
        assert_eq!(took, Duration::from_millis(30), "the slowest child");
    }

    /// Both 20 ms children finish in the same instant: whether the second
    /// has run before the abort is the scheduler's choice, so one or two
    /// errors are right, never zero, and never the same twice.
    fn the_errors_of_the_same_instant_are_kept() {
        let (got, _, _) = two_fail_one_sleeps();
        let errors = got.expect_err("two children failed");
        assert!(matches!(errors.len(), 1 | 2), "one or two errors, not {errors:?}");
        assert!(errors.iter().all(|e| ["a failed", "b failed"].contains(e)), "{errors:?}");
        assert!(errors.len() == 1 || errors[0] != errors[1], "{errors:?}");
    }

    /// The first failure cancels the sleeper: `wait_all` returns at 20 ms of
    /// virtual time, not after the hour, and the sleeper has been dropped.
    fn the_first_error_cancels_the_rest() {
        let (_, took, dropped) = two_fail_one_sleeps();
        assert_eq!(took, Duration::from_millis(20), "returned at the first failure");
        assert!(dropped, "the sleeping child was dropped before wait_all returned");
    }
}
