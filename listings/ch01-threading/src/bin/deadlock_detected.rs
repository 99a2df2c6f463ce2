use std::sync::{Barrier, Mutex, TryLockError};
use std::thread;

// ANCHOR: main
/// Takes `first`, waits until the other thread holds its first lock too, then
/// only *tries* `second`: a plain `lock()` here would wait forever.
fn lock_then_try(first: &Mutex<u32>, second: &Mutex<u32>, rendezvous: &Barrier) -> &'static str {
    let _first = first.lock().unwrap();
    rendezvous.wait(); // both threads now hold their first lock
    let outcome = match second.try_lock() {
        Ok(_) => "got both locks",
        Err(TryLockError::WouldBlock) => "would deadlock: the other thread holds it",
        Err(TryLockError::Poisoned(_)) => "second lock poisoned",
    };
    rendezvous.wait(); // keep `first` until the other thread has tried too
    outcome
}

/// The fix: every thread takes the locks in one global order, `a` before `b`.
fn update_in_global_order(a: &Mutex<u32>, b: &Mutex<u32>) {
    let mut a = a.lock().unwrap();
    let mut b = b.lock().unwrap();
    (*a, *b) = (*a + 1, *b + 1);
}

fn main() {
    let (a, b, rendezvous) = (Mutex::new(0), Mutex::new(0), Barrier::new(2));
    let outcomes = thread::scope(|scope| {
        let one = scope.spawn(|| lock_then_try(&a, &b, &rendezvous));
        let two = scope.spawn(|| lock_then_try(&b, &a, &rendezvous));
        [one.join().unwrap(), two.join().unwrap()]
    });
    println!("thread 1 (a, then b): {}", outcomes[0]);
    println!("thread 2 (b, then a): {}", outcomes[1]);
    assert!(outcomes.iter().all(|o| o.starts_with("would deadlock")));

    thread::scope(|scope| {
        scope.spawn(|| update_in_global_order(&a, &b));
        scope.spawn(|| update_in_global_order(&a, &b));
    }); // both threads finished: no cycle, no deadlock
    let (a, b) = (a.into_inner().unwrap(), b.into_inner().unwrap());
    println!("same order in both threads: finished with a = {a}, b = {b}");
    assert_eq!((a, b), (2, 2));
}
// ANCHOR_END: main
