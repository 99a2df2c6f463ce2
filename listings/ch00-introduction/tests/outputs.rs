book_harness::recorded_outputs!(
    interleaved_on_one_thread,
    several_threads_at_once,
    measure_sequential_vs_threads,
    send_and_sync_fixed,
    fetch_add_no_lost_updates,
    spin_two_threads,
);

book_harness::recorded_python!(spin_two_threads);
