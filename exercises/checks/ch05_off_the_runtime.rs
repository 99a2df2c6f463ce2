use std::sync::mpsc;

/// One thread runs every task: blocking it stops them all.
fn one_thread<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

exercises::checks! {
    fn returns_what_the_work_returns() {
        assert_eq!(one_thread(off_the_runtime(|| 6 * 7)), 42);
    }

    fn the_work_runs_on_another_thread() {
        let runtime = std::thread::current().id();
        let worker = one_thread(off_the_runtime(|| std::thread::current().id()));
        assert_ne!(worker, runtime, "the work ran on the runtime's own thread");
    }

    /// The work blocks until a ticker task has ticked three times. On the
    /// runtime's only thread, the ticker could never run, and the work would
    /// wait forever (the watchdog would say so).
    fn other_tasks_run_meanwhile() {
        let ticked = one_thread(async {
            let (tick, ticks) = mpsc::channel();
            let ticker = tokio::spawn(async move {
                while tick.send(()).is_ok() {
                    tokio::task::yield_now().await;
                }
            });
            let ticked = off_the_runtime(move || (0..3).filter(|_| ticks.recv().is_ok()).count()).await;
            ticker.await.unwrap();
            ticked
        });
        assert_eq!(ticked, 3);
    }
}
