book_harness::recorded_outputs!(
    event_loop_runtimes,
    two_coroutines,
    chat_server,
    scraper_bounded,
    cpu_work_off_runtime,
    blocking_starves_ticker,
    mutex_guard_across_await,
    select_cancel_safety,
    mpsc_bounded_backpressure,
    block_on_inside_runtime,
    timers_not_enabled,
    futures_are_lazy,
    echo_thousand_connections,
);

book_harness::recorded_python!(two_coroutines);
