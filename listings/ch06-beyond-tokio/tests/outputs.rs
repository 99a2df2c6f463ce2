book_harness::recorded_outputs!(
    coroutine_vs_future,
    blocking_call_stalls_coroutines,
    scoped_threads_are_structured,
    nursery_first_error_cancels,
    graceful_shutdown_tracker,
    scoped_task_trilemma,
);

book_harness::recorded_python!(task_group);
