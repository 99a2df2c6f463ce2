use exercises::one_thread;

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
        let ticked = one_thread(exercises::ticks_seen(off_the_runtime, 3));
        assert_eq!(ticked, 3);
    }
}
