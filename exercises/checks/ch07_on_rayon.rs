use std::sync::mpsc;

/// One thread runs every task: work done on it stops them all.
fn one_thread<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

exercises::checks! {
    fn returns_what_the_work_returns() {
        assert_eq!(one_thread(on_rayon(|| (1..=10u64).product::<u64>())), 3_628_800);
    }

    fn the_work_runs_on_a_rayon_worker() {
        let worker = one_thread(on_rayon(rayon::current_thread_index));
        assert!(worker.is_some(), "the work ran on a thread that is not one of rayon's");
    }

    /// The work cannot finish until a ticker task on the same one-thread
    /// runtime has ticked three times. Run on the runtime's thread, it
    /// would wait for ever (the watchdog would say so).
    fn the_runtime_keeps_running_meanwhile() {
        let ticked = one_thread(async {
            let (tick, ticks) = mpsc::channel();
            let ticker = tokio::spawn(async move {
                while tick.send(()).is_ok() {
                    tokio::task::yield_now().await;
                }
            });
            let ticked = on_rayon(move || (0..3).filter(|_| ticks.recv().is_ok()).count()).await;
            ticker.await.unwrap();
            ticked
        });
        assert_eq!(ticked, 3);
    }
}
