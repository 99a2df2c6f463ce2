use std::mem::size_of;
use std::thread;

use parking_lot::MutexGuard;

// ANCHOR: main
fn main() {
    let small = size_of::<parking_lot::Mutex<()>>();
    let std_size = size_of::<std::sync::Mutex<()>>();
    println!("parking_lot::Mutex<()>: {small} byte, std::sync::Mutex<()>: {std_size} bytes");
    assert_eq!(small, 1); // one byte of lock state
    assert_eq!(std_size, 8); // on Linux: a 4-byte futex word and a poison flag

    let std_lock = std::sync::Mutex::new(vec![1, 2]);
    let pl_lock = parking_lot::Mutex::new(vec![1, 2]);
    let worker = thread::scope(|s| {
        s.spawn(|| {
            let mut a = std_lock.lock().unwrap();
            let mut b = pl_lock.lock(); // no Result: nothing to unwrap
            a.push(3);
            b.push(3);
            panic!("worker dies holding both guards");
        })
        .join()
    });
    assert!(worker.is_err());

    // std remembers the panic: every later lock() is an Err.
    let poisoned = std_lock.lock().is_err();
    println!("std: poisoned, lock() is Err: {poisoned}");
    assert!(poisoned && std_lock.is_poisoned());

    // parking_lot released the lock as the guard dropped, and that is all.
    let data = pl_lock.lock();
    println!("parking_lot: lock() hands out the guard: {:?}", *data);
    assert_eq!(*data, [1, 2, 3]); // the half-done work is there to see

    // A fair unlock passes the lock to a waiting thread, if there is one;
    // with none waiting, it simply unlocks.
    MutexGuard::unlock_fair(data);
    assert!(!pl_lock.is_locked() && pl_lock.try_lock().is_some());
}
// ANCHOR_END: main
