book_harness::recorded_outputs!(
    pool_map_in_order,
    global_pool_size,
    pool_submit_result,
    pool_as_completed,
    pool_drop_waits,
    download_urls,
    peak_concurrency,
    join_merge_sort,
    blocking_starves_cpu,
    bounded_job_queue,
    panic_out_of_install,
    rayon_splits_uneven_work,
    waiting_worker_runs_other_jobs,
    rayon_everyday_api,
    crossbeam_workers,
);

book_harness::recorded_python!(executor_map, future_result, download_urls);
