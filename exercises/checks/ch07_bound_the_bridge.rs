use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// A pool the check runs by hand: `spawn` only queues a job, and the check
/// decides when each one runs, so it can count exactly how many are queued.
#[derive(Default)]
struct HandPool {
    queued: RefCell<VecDeque<Job>>,
    most_queued: Cell<usize>,
}

impl HandPool {
    fn spawn(&self, job: Job) {
        let mut queued = self.queued.borrow_mut();
        queued.push_back(job);
        self.most_queued.set(self.most_queued.get().max(queued.len()));
    }

    /// Lets every other task run until it waits, then runs the newest job
    /// (so that jobs finish out of order); `false` when none is queued.
    async fn run_one(&self) -> bool {
        for _ in 0..16 {
            tokio::task::yield_now().await;
        }
        let job = self.queued.borrow_mut().pop_back();
        job.map(|job| job()).is_some()
    }
}

fn square(n: u64) -> u64 {
    n * n
}

/// Analyses 0..count with `limit`; the results, and the most jobs queued.
fn run(count: u64, limit: usize) -> (Vec<u64>, usize) {
    let pool = HandPool::default();
    let results = exercises::paused(async {
        let finished = Cell::new(false);
        let work = async {
            let results = analyse_all((0..count).collect(), limit, |job| pool.spawn(job), square).await;
            finished.set(true);
            results
        };
        let hand = async {
            while !finished.get() {
                let ran = pool.run_one().await;
                assert!(ran || finished.get(), "analyse_all is waiting, and no job is queued");
            }
        };
        tokio::join!(work, hand).0
    });
    (results, pool.most_queued.get())
}

exercises::checks! {
    fn results_in_document_order() {
        let (results, _) = run(6, 3);
        assert_eq!(results, [0, 1, 4, 9, 16, 25]);
    }

    fn never_more_than_limit_jobs_queued() {
        for limit in 1..=3 {
            let (_, most) = run(8, limit);
            assert!(most <= limit, "{most} jobs were queued at once with a limit of {limit}");
        }
    }

    /// A bound of one would pass the check above: the bridge must also use
    /// all the room it is given.
    fn up_to_limit_jobs_queued() {
        let (_, most) = run(8, 3);
        assert_eq!(most, 3);
    }
}
