use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::mpsc;
use std::thread;

// ANCHOR: main
const WARM_UP: u64 = 1_000;

fn main() {
    let stop = AtomicBool::new(false);
    let (busy_tx, busy) = mpsc::channel();
    let done: Vec<u64> = thread::scope(|s| {
        let workers: Vec<_> = (0..3)
            .map(|_| {
                let (stop, busy_tx) = (&stop, busy_tx.clone());
                s.spawn(move || {
                    let mut units = 0;
                    // Relaxed: the flag only ends the loop; the count comes
                    // back through `join`, which orders it.
                    while !stop.load(Relaxed) {
                        units = black_box(units + 1); // one unit of work
                        if units == WARM_UP {
                            busy_tx.send(()).unwrap(); // "I am running"
                        }
                    }
                    units
                })
            })
            .collect();
        for _ in 0..3 {
            busy.recv().unwrap(); // every worker is past its warm-up
        }
        stop.store(true, Relaxed); // ask; each worker stops itself
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert!(done.iter().all(|&units| units >= WARM_UP));
    println!("3 workers stopped when asked, each after at least {WARM_UP} units");
}
// ANCHOR_END: main
