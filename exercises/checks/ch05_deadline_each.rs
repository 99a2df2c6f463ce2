use std::time::Duration;

use tokio::time::{Instant, sleep};

use exercises::paused;

/// Jobs that take 100, 600 and 300 ms of virtual time.
fn three_jobs() -> Vec<impl std::future::Future<Output = u64>> {
    [100, 600, 300]
        .into_iter()
        .map(|ms| async move {
            sleep(Duration::from_millis(ms)).await;
            ms
        })
        .collect()
}

exercises::checks! {
    fn each_job_has_its_own_deadline() {
        let got = paused(with_deadlines(three_jobs(), Duration::from_millis(500)));
        let kept: Vec<Option<u64>> = got.into_iter().map(Result::ok).collect();
        assert_eq!(kept, [Some(100), None, Some(300)], "only the 600 ms job misses 500 ms");
    }

    /// Run together, the three take 500 ms: the longest wait, cut at the
    /// deadline. One after another they would take 100 + 500 + 300.
    fn the_waits_overlap() {
        let took = paused(async {
            let start = Instant::now();
            with_deadlines(three_jobs(), Duration::from_millis(500)).await;
            start.elapsed()
        });
        assert_eq!(took, Duration::from_millis(500));
    }
}
