use std::sync::mpsc;

use ch02_thread_pools::pool::ThreadPool;

// ANCHOR: main
fn main() {
    let pool = ThreadPool::new(4); // a worker for every job: all four can wait at once

    // Four jobs; job i cannot finish until main opens gate i.
    let mut gates = Vec::new();
    let mut jobs = Vec::new();
    for i in 0..4 {
        let (open, gate) = mpsc::channel::<()>();
        gates.push(open);
        jobs.push(move || {
            gate.recv().unwrap(); // stands in for a slow download
            format!("report {i}")
        });
    }

    // for future in as_completed(futures): ...
    let mut finished = pool.as_completed(jobs);
    for i in [2, 0, 3, 1] {
        gates[i].send(()).unwrap(); // now, and only now, job i can finish
        let (index, result) = finished.next().unwrap();
        println!("job {index} finished: {}", result.unwrap());
        assert_eq!(index, i); // completion order, not submission order
    }
    assert!(finished.next().is_none()); // every job has reported
}
// ANCHOR_END: main
