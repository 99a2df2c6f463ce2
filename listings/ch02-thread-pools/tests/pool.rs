//! Unit tests of the chapter's thread pool (`src/pool.rs`). Every assertion
//! holds on every run: ordering comes from channels and barriers, never from
//! timing.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;

use ch02_thread_pools::pool::ThreadPool;

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

#[test]
fn results_are_correct() {
    let pool = ThreadPool::new(3);
    let handles: Vec<_> = (0..100u64).map(|i| pool.submit(move || i * i)).collect();
    let squares: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(squares, (0..100u64).map(|i| i * i).collect::<Vec<_>>());
}

#[test]
fn a_handle_can_be_joined_after_the_pool_is_gone() {
    let pool = ThreadPool::new(1);
    let handle = pool.submit(|| "still here");
    drop(pool);
    assert_eq!(handle.join().unwrap(), "still here");
}

#[test]
fn a_panic_comes_back_as_err_and_the_worker_survives() {
    // One worker: if the panic had killed it, no later job could run.
    let pool = ThreadPool::new(1);
    let failed = pool.submit(|| -> u32 { panic!("job failed on purpose") });
    let payload = failed.join().unwrap_err();
    assert_eq!(panic_text(&*payload), "job failed on purpose");

    for i in 0..10 {
        let name = pool
            .submit(move || (i, thread::current().name().map(String::from)))
            .join()
            .unwrap();
        assert_eq!(name, (i, Some("pool-worker-0".to_string())));
    }
}

#[test]
fn many_panics_do_not_lose_workers() {
    let pool = ThreadPool::new(2);
    let outcomes: Vec<_> = (0..50)
        .map(|i| {
            pool.submit(move || {
                assert!(i % 2 == 0, "odd job {i}");
                i
            })
        })
        .collect();
    for (i, handle) in outcomes.into_iter().enumerate() {
        assert_eq!(handle.join().is_ok(), i % 2 == 0);
    }
    // Both workers are still there: a barrier of two needs two threads at once.
    let both = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let both = Arc::clone(&both);
            pool.submit(move || {
                both.wait();
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

#[test]
fn drop_runs_every_queued_job_and_joins_the_workers() {
    let finished = Arc::new(AtomicUsize::new(0));
    let pool = ThreadPool::new(2);
    // Both workers take a gated job first (the queue is FIFO) and block on
    // it, so the 100 counting jobs behind them cannot have started yet.
    let gates: Vec<mpsc::Sender<()>> = (0..2)
        .map(|_| {
            let (open, gate) = mpsc::channel::<()>();
            pool.submit(move || gate.recv().unwrap());
            open
        })
        .collect();
    for _ in 0..100 {
        let finished = Arc::clone(&finished);
        // The handle is dropped at once: the job still runs (fire and forget).
        // Relaxed: a tally, read while the workers are gated and after the drop.
        pool.submit(move || finished.fetch_add(1, Ordering::Relaxed));
    }
    assert_eq!(
        finished.load(Ordering::Relaxed),
        0,
        "both workers are gated"
    );
    for gate in &gates {
        gate.send(()).unwrap();
    }
    drop(pool);
    assert_eq!(finished.load(Ordering::Relaxed), 100);
    // Every job closure, and the clone of the Arc it owned, has been dropped.
    assert_eq!(Arc::strong_count(&finished), 1);
}

/// Linux: glibc runs a thread's TLS destructors before `join` can return.
#[cfg(target_os = "linux")]
#[test]
fn drop_joins_the_worker_threads() {
    // A value in each worker's thread-local storage is dropped when its
    // thread exits; after the pool's drop, all four must be gone.
    struct Exit(Arc<AtomicUsize>);
    impl Drop for Exit {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed); // read after the pool's drop joined
        }
    }
    thread_local! {
        static ON_EXIT: std::cell::RefCell<Option<Exit>> = const { std::cell::RefCell::new(None) };
    }
    let exited = Arc::new(AtomicUsize::new(0));
    let pool = ThreadPool::new(4);
    let all_four = Arc::new(Barrier::new(4));
    for _ in 0..4 {
        let (exited, all_four) = (Arc::clone(&exited), Arc::clone(&all_four));
        pool.submit(move || {
            ON_EXIT.with(|slot| *slot.borrow_mut() = Some(Exit(exited)));
            all_four.wait(); // each of the four jobs is on its own worker
        });
    }
    drop(pool);
    assert_eq!(exited.load(Ordering::Relaxed), 4);
}

#[test]
fn as_completed_yields_a_permutation_of_the_jobs() {
    let pool = ThreadPool::new(4);
    let results: Vec<(usize, u64)> = pool
        .as_completed((0..200u64).map(|i| move || i * 3))
        .map(|(index, result)| (index, result.unwrap()))
        .collect();
    assert_eq!(results.len(), 200);
    let indices: HashSet<usize> = results.iter().map(|&(i, _)| i).collect();
    assert_eq!(indices, (0..200).collect::<HashSet<_>>());
    for (index, value) in results {
        assert_eq!(value, index as u64 * 3);
    }
}

#[test]
fn as_completed_follows_completion_not_submission() {
    // Four workers, four jobs, each held by its own gate. Opening one gate at
    // a time decides which job can finish next.
    let pool = ThreadPool::new(4);
    let (gates, jobs): (Vec<_>, Vec<_>) = (0..4)
        .map(|i| {
            let (open, gate) = mpsc::channel::<()>();
            (open, move || {
                gate.recv().unwrap();
                i
            })
        })
        .unzip();
    let mut finished = pool.as_completed(jobs);
    for i in [2, 0, 3, 1] {
        gates[i].send(()).unwrap();
        let (index, value) = finished.next().unwrap();
        assert_eq!((index, value.unwrap()), (i, i));
    }
    assert!(finished.next().is_none());
}

#[test]
fn as_completed_reports_panics_per_job() {
    let pool = ThreadPool::new(2);
    let mut outcomes: Vec<(usize, bool)> = pool
        .as_completed((0..10).map(|i| move || assert!(i != 7, "job 7 fails")))
        .map(|(index, result)| (index, result.is_ok()))
        .collect();
    outcomes.sort_unstable();
    let expected: Vec<(usize, bool)> = (0..10).map(|i| (i, i != 7)).collect();
    assert_eq!(outcomes, expected);
}

#[test]
fn peak_concurrency_reaches_the_worker_count() {
    const WORKERS: usize = 4;
    let current = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let all_in = Arc::new(Barrier::new(WORKERS));
    let pool = ThreadPool::new(WORKERS);
    let handles: Vec<_> = (0..4 * WORKERS)
        .map(|_| {
            let (current, peak, all_in) = (current.clone(), peak.clone(), all_in.clone());
            pool.submit(move || {
                // Relaxed: a gauge, as in `peak_concurrency`, read after every join.
                let now = current.fetch_add(1, Ordering::Relaxed) + 1;
                peak.fetch_max(now, Ordering::Relaxed);
                all_in.wait();
                current.fetch_sub(1, Ordering::Relaxed);
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(peak.load(Ordering::Relaxed), WORKERS);
}

#[test]
#[should_panic(expected = "at least one worker")]
fn a_pool_needs_a_worker() {
    let _ = ThreadPool::new(0);
}
