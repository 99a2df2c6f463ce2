use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use exercises::paused;

exercises::checks! {
    /// Index 0 takes longest, so the results finish in reverse order.
    fn results_come_back_in_index_order() {
        let got = paused(fetch_all(5, 2, |i| async move {
            tokio::time::sleep(Duration::from_millis(50 - 10 * i as u64)).await;
            i * 10
        }));
        assert_eq!(got, [0, 10, 20, 30, 40]);
    }

    /// Ten fetches of 10 ms with a limit of 3: the high-water mark of fetches
    /// in flight is exactly 3 (the first three all start before any ends).
    fn never_more_than_limit_in_flight() {
        let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (n, p) = (Arc::clone(&now), Arc::clone(&peak));
        paused(fetch_all(10, 3, move |_| {
            let (now, peak) = (Arc::clone(&n), Arc::clone(&p));
            async move {
                // Relaxed: a gauge, on one runtime thread.
                peak.fetch_max(now.fetch_add(1, Relaxed) + 1, Relaxed);
                tokio::time::sleep(Duration::from_millis(10)).await;
                now.fetch_sub(1, Relaxed);
            }
        }));
        assert_eq!(peak.load(Relaxed), 3, "at most, and at least, 3 in flight");
    }
}
