use exercises::one_thread;

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
        let ticked = one_thread(exercises::ticks_seen(on_rayon, 3));
        assert_eq!(ticked, 3);
    }
}
