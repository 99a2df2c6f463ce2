// ch08-release-the-gil: compute under the lock, wait outside it.

use std::sync::Mutex;

/// One step of a thread under a global interpreter lock: `compute` runs
/// holding `gil`, as CPython runs bytecode; then `io`, given what `compute`
/// returned, runs with the lock released, as CPython releases the GIL
/// around a blocking read or write. Returns what `io` returns.
pub fn step<T, U>(gil: &Mutex<()>, compute: impl FnOnce() -> T, io: impl FnOnce(T) -> U) -> U {
    // exercise: solution
    let held = gil.lock().unwrap();
    let computed = compute();
    drop(held); // release the GIL before blocking
    io(computed)
    // exercise: stub
    // todo!("run `compute` holding the lock, then drop the guard and run `io`")
    // exercise: end
}
