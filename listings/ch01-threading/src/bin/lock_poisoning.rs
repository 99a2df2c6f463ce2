use std::sync::{Arc, Mutex};
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
    assert!(joined.is_err() && balances.is_poisoned());

    // lock() now returns Err(PoisonError); the data is still inside it.
    let mut accounts = match balances.lock() {
        Ok(accounts) => accounts,
        Err(poisoned) => poisoned.into_inner(),
    };
    let total: i64 = accounts.iter().sum();
    println!("left behind: {accounts:?}, total {total}");
    assert_eq!(total, 170, "the debit happened, the credit did not");

    accounts[0] += 30; // undo the half-done transfer
    drop(accounts);
    balances.clear_poison(); // declare the invariant restored
    let accounts = balances.lock().unwrap(); // Ok again
    let poisoned = balances.is_poisoned();
    println!("repaired: {accounts:?}, poisoned: {poisoned}");
    assert_eq!(*accounts, [100, 100]);
}
// ANCHOR_END: main
