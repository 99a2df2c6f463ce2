use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

// ANCHOR: main
fn main() {
    // Invariant: the two balances always add up to 200.
    let balances = Arc::new(Mutex::new(vec![100_i64, 100]));

    let transfer = {
        let balances = Arc::clone(&balances);
        thread::spawn(move || {
            let mut accounts = balances.lock().unwrap();
            accounts[0] -= 30; // the debit happens...
            let to = accounts.len(); // ...an off-by-one bug...
            accounts[to] += 30; // ...and the credit panics: index out of bounds
        })
    };

    let joined = transfer.join();
    println!("transfer thread joined with Err: {}", joined.is_err());
    println!("mutex poisoned: {}", balances.is_poisoned());

    // lock() now returns Err(PoisonError); the data is still inside it.
    let mut accounts = match balances.lock() {
        Ok(accounts) => accounts,
        Err(poisoned) => poisoned.into_inner(),
    };
    let total: i64 = accounts.iter().sum();
    println!("left behind: {accounts:?}, total {total}");

    accounts[0] += 30; // undo the half-done transfer
    drop(accounts);
    balances.clear_poison(); // declare the invariant restored
    let accounts = balances.lock().unwrap_or_else(PoisonError::into_inner);
    let poisoned = balances.is_poisoned();
    println!("repaired: {accounts:?}, poisoned: {poisoned}");
}
// ANCHOR_END: main
