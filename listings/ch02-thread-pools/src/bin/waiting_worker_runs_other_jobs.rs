//! A rayon worker that waits in `join` runs another job on its
//! own stack. Channels order every step, so the same thing happens on every
//! run: `b` must be stolen (`a` waits for it to start), and the spawned job
//! can only run on the worker that is waiting in `join` (the other one is
//! blocked in `b`).

use std::cell::Cell;
use std::sync::mpsc;

thread_local! {
    /// True while this thread is inside the `join` below.
    static INSIDE_JOIN: Cell<bool> = const { Cell::new(false) };
}

// ANCHOR: main
fn main() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let (b_started, b_has_started) = mpsc::channel();
    let (job_ran, job_has_run) = mpsc::channel();

    let (a_worker, b_worker) = pool.install(|| {
        INSIDE_JOIN.set(true);
        let workers = rayon::join(
            move || {
                b_has_started.recv().unwrap(); // so `b` must have been stolen
                rayon::current_thread_index()
            },
            move || {
                b_started.send(()).unwrap();
                rayon::spawn(move || {
                    let here = (rayon::current_thread_index(), INSIDE_JOIN.get());
                    job_ran.send(here).unwrap();
                });
                let (job_worker, inside_join) = job_has_run.recv().unwrap();
                assert!(inside_join, "the job ran inside the waiting join");
                (rayon::current_thread_index(), job_worker)
            },
        );
        INSIDE_JOIN.set(false);
        workers
    });
    let (b_worker, job_worker) = b_worker;
    assert_ne!(a_worker, b_worker, "b was stolen by the other worker");
    assert_eq!(
        job_worker, a_worker,
        "the job ran on the worker waiting in join"
    );
    println!("a ran on the worker that called join; b was stolen by the other");
    println!("the spawned job ran on a's worker, while it waited inside join");
}
// ANCHOR_END: main
