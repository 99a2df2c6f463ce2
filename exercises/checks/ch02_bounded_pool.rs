use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc;

/// A job that counts itself when it runs.
fn counting(count: &Arc<AtomicUsize>) -> impl FnOnce() + Send + 'static {
    let count = Arc::clone(count);
    move || {
        count.fetch_add(1, Relaxed); // a tally, read after the pool's drop
    }
}

exercises::checks! {
    fn runs_every_job_once() {
        let count = Arc::new(AtomicUsize::new(0));
        let pool = BoundedPool::new(3, 2);
        for _ in 0..20 {
            pool.submit(counting(&count));
        }
        drop(pool);
        assert_eq!(count.load(Relaxed), 20, "every job ran before drop returned");
    }

    /// One worker, held by a gated job; a queue of 3 takes exactly 3 more.
    fn refuses_the_job_after_capacity() {
        let count = Arc::new(AtomicUsize::new(0));
        let pool = BoundedPool::new(1, 3);
        let (started, running) = mpsc::channel();
        let (open, gate) = mpsc::channel::<()>();
        pool.submit(move || {
            started.send(()).unwrap();
            let _ = gate.recv();
        });
        // The gated job has left the queue: all 3 places are free, and the
        // only worker is busy.
        running.recv().unwrap();
        for place in 1..=3 {
            assert!(pool.try_submit(counting(&count)).is_ok(), "place {place} of 3 is free");
        }
        let Err(Full(refused)) = pool.try_submit(counting(&count)) else {
            panic!("a fourth job does not fit in a queue of 3");
        };
        refused(); // the very job we passed: it counts itself
        drop(open);
        drop(pool);
        assert_eq!(count.load(Relaxed), 4, "3 queued jobs ran, and the refused one came back");
    }
}
