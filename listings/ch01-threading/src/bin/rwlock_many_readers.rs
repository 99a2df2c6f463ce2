use std::sync::{Barrier, RwLock, TryLockError};
use std::thread;

// ANCHOR: main
const READERS: usize = 3;

fn main() {
    let config = RwLock::new(String::from("retries=3"));
    // The readers and main meet here twice: once all hold the read lock, and
    // again when main is done looking.
    let checkpoint = Barrier::new(READERS + 1);

    thread::scope(|scope| {
        for _ in 0..READERS {
            scope.spawn(|| {
                let settings = config.read().unwrap();
                checkpoint.wait(); // passes only if all readers hold it at once
                checkpoint.wait();
                assert_eq!(*settings, "retries=3");
            });
        }
        checkpoint.wait();
        println!("{READERS} readers hold the read lock at the same time");
        match config.try_write() {
            Err(TryLockError::WouldBlock) => println!("a writer would have to wait"),
            other => panic!("expected WouldBlock, got {other:?}"),
        }
        checkpoint.wait(); // let the readers finish and drop their guards
    });

    *config.write().unwrap() = String::from("retries=5");
    println!("readers gone, the writer set {}", config.read().unwrap());
}
// ANCHOR_END: main
