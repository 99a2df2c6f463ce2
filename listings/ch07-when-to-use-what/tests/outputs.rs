book_harness::recorded_outputs!(fetch_then_analyse_on_rayon);

book_harness::recorded_python!(fetch_then_analyse);
