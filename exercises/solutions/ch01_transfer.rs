// ch01-transfer: transfers that cannot deadlock.
//
// `super::sync` is the model checker shuttle's copy of `std::sync`: the
// checks run your code under every interleaving, and shuttle reports a
// deadlock when every thread waits for a lock.

use super::sync::Mutex;

pub struct Account {
    /// Unique per account: the order in which locks are taken.
    pub id: u32,
    balance: Mutex<i64>,
}

impl Account {
    pub fn new(id: u32, balance: i64) -> Self {
        Account { id, balance: Mutex::new(balance) }
    }

    pub fn balance(&self) -> i64 {
        *self.balance.lock().unwrap()
    }
}

/// Moves `amount` from `from` to `to`, holding both balances' locks, so that
/// nobody sees the money in neither account or in both. Two transfers in
/// opposite directions at the same time must not deadlock.
pub fn transfer(from: &Account, to: &Account, amount: i64) {
    assert_ne!(from.id, to.id, "a transfer needs two accounts");
    // exercise: solution
    let (first, second) = if from.id < to.id { (from, to) } else { (to, from) };
    let mut first_balance = first.balance.lock().unwrap();
    let mut second_balance = second.balance.lock().unwrap();
    let (paying, paid) = if first.id == from.id {
        (&mut *first_balance, &mut *second_balance)
    } else {
        (&mut *second_balance, &mut *first_balance)
    };
    *paying -= amount;
    *paid += amount;
    // exercise: stub
    // todo!("lock both balances, always in the same order (by id), and move the amount")
    // exercise: end
}
