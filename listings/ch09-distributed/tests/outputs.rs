book_harness::recorded_outputs!(primes_dataflow, primes_over_tcp, rounds_and_frontiers);
