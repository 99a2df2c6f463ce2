book_harness::recorded_outputs!(
    loom_ready_event,
    loom_relaxed_flag,
    shuttle_pool_properties,
    shuttle_pool_mutant,
    paused_clock_timeout,
);
