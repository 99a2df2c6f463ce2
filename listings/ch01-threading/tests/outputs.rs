book_harness::recorded_outputs!(
    spawn_and_join,
    join_reports_panic,
    builder_named_threads,
    scoped_parallel_sum,
    counter_mutex_vs_atomic,
    lost_update_forced,
    mpsc_many_producers,
    sync_channel_backpressure,
    io_bound_fan_out,
    lock_poisoning,
    deadlock_detected,
    rwlock_many_readers,
    condvar_ready_event,
    unjoined_threads_die,
);

book_harness::recorded_python!(io_fan_out);
