book_harness::recorded_outputs!(
    backpressure,
    partial_failure,
    primes_dataflow,
    primes_over_tcp,
    rounds_and_frontiers,
);
