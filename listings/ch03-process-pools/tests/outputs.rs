book_harness::recorded_outputs!(
    process_pool_map,
    prefork_pool,
    fork_copies_held_lock,
    crash_contained_pool,
    memory_limit_per_worker,
    zombie_until_reaped,
);

book_harness::recorded_python!(process_pool_map, broken_pool);
