book_harness::recorded_outputs!(
    waiting_vs_computing,
    gil_simulated,
    abort_thread_vs_process,
    shared_or_copied,
    threads_are_preempted,
);
