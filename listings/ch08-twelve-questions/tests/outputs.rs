book_harness::recorded_outputs!(
    waiting_vs_computing,
    gil_simulated,
    abort_thread_vs_process,
    shared_or_copied,
    threads_are_preempted,
);

book_harness::recorded_python!(process_pool_beats_threads);
