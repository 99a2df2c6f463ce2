#![cfg(target_os = "linux")]

book_harness::recorded_outputs!(
    fork_and_waitpid,
    command_exit_status,
    pipe_ping_pong,
    queue_framed_messages,
    shared_memory_counter,
    mutex_copied_by_fork,
    manager_kv_server,
    pipe_deadlock_detected,
    pipe_deadlock_writer_thread,
    orphan_reparented,
    sigpipe_broken_pipe,
    memfd_between_programs,
    sigchld_reaping,
    pidfd_no_stranger,
    robust_mutex_and_flock,
);

book_harness::recorded_python!(value_counter);
