use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc;
use std::time::Duration;

exercises::checks! {
    fn an_idle_pool_shuts_down_at_once() {
        assert_eq!(Pool::new(3).shutdown_now(), 0);
    }

    /// One worker, held by a job that waits until every queued job is gone:
    /// dropping them, not running them, is what lets it finish. (Its time
    /// limit only unsticks a wrong solution; a right one never reaches it.)
    fn queued_jobs_are_cancelled() {
        let ran = Arc::new(AtomicUsize::new(0));
        let pool = Pool::new(1);
        let (started, running) = mpsc::channel();
        let (gate_keeper, gate) = mpsc::channel::<()>();
        pool.submit(move || {
            started.send(()).unwrap();
            // Err(Disconnected) once every queued job is dropped.
            let _ = gate.recv_timeout(Duration::from_secs(2));
        });
        running.recv().unwrap();
        for _ in 0..5 {
            let (ran, gate_keeper) = (Arc::clone(&ran), gate_keeper.clone());
            pool.submit(move || {
                ran.fetch_add(1, Relaxed); // a tally: nothing else rides on it
                drop(gate_keeper);
            });
        }
        drop(gate_keeper);
        assert_eq!(pool.shutdown_now(), 5, "five jobs were still queued");
        assert_eq!(ran.load(Relaxed), 0, "no cancelled job ran");
    }
}
