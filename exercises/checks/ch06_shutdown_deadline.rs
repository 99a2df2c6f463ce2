use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::task::AbortHandle;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use exercises::paused;

/// Counts the tasks that have been dropped, however they ended.
#[derive(Clone, Default)]
struct Gone(Arc<AtomicUsize>);

struct Alive(Gone);

impl Gone {
    fn guard(&self) -> Alive {
        Alive(self.clone())
    }

    fn count(&self) -> usize {
        // Relaxed, here and for `byes`: tallies on one runtime thread.
        self.0.load(Ordering::Relaxed)
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Three tasks that stop 5 ms after the token is cancelled (they say
/// goodbye), and, if `straggler`, one that ignores the token for an hour.
/// Returns what `shut_down` returned with a deadline of 100 ms, the virtual
/// time it took, how many tasks had been dropped and how many said goodbye
/// by then, and whether the tracker was empty.
fn shut_down_tasks(straggler: bool) -> (usize, Duration, usize, usize, bool) {
    paused(async {
        let (tracker, token, gone) = (TaskTracker::new(), CancellationToken::new(), Gone::default());
        let byes = Arc::new(AtomicUsize::new(0));
        let mut tasks: Vec<AbortHandle> = Vec::new();
        for _ in 0..3 {
            let (token, alive, byes) = (token.clone(), gone.guard(), Arc::clone(&byes));
            let task = tracker.spawn(async move {
                let _alive = alive;
                token.cancelled().await;
                sleep(Duration::from_millis(5)).await; // a goodbye takes a while
                byes.fetch_add(1, Ordering::Relaxed);
            });
            tasks.push(task.abort_handle());
        }
        if straggler {
            let alive = gone.guard();
            let task = tracker.spawn(async move {
                let _alive = alive;
                sleep(Duration::from_secs(3600)).await; // never looks at the token
            });
            tasks.push(task.abort_handle());
        }
        tokio::task::yield_now().await; // let every task start
        let start = Instant::now();
        let aborted = shut_down(&tracker, &token, &tasks, Duration::from_millis(100)).await;
        let took = start.elapsed();
        (aborted, took, gone.count(), byes.load(Ordering::Relaxed), tracker.is_empty())
    })
}

exercises::checks! {
    /// Well-behaved tasks stop on the token: nothing to abort, and no
    /// waiting for the deadline.
    fn well_behaved_tasks_need_no_abort() {
        let (aborted, took, gone, byes, empty) = shut_down_tasks(false);
        assert_eq!(aborted, 0, "nothing to abort");
        assert_eq!(took, Duration::from_millis(5), "done when the last goodbye is");
        assert_eq!((gone, byes, empty), (3, 3, true), "(dropped, goodbyes, tracker empty)");
    }

    /// The straggler is aborted at the deadline, and is gone, with everyone
    /// else, by the time `shut_down` returns.
    fn the_straggler_is_aborted_at_the_deadline() {
        let (aborted, took, gone, byes, empty) = shut_down_tasks(true);
        assert_eq!(took, Duration::from_millis(100), "done at the deadline, not after the hour");
        assert_eq!(aborted, 1, "one straggler aborted");
        assert_eq!(byes, 3, "the well-behaved tasks said goodbye");
        assert_eq!(gone, 4, "every task, the straggler too, was dropped before shut_down returned");
        assert!(empty, "the tracker is empty");
    }
}
