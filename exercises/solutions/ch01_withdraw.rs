// ch01-withdraw: check and withdraw in one step.
//
// `super::sync` is the model checker shuttle's copy of `std::sync`: the
// checks run your code under every interleaving of two threads.

use super::sync::Mutex;

/// An account whose balance several threads may withdraw from at once.
pub struct Account {
    balance: Mutex<u64>,
}

/// A withdrawal the balance did not cover.
#[derive(Debug, PartialEq, Eq)]
pub struct Insufficient {
    pub balance: u64,
}

impl Account {
    pub fn new(balance: u64) -> Self {
        Account { balance: Mutex::new(balance) }
    }

    pub fn balance(&self) -> u64 {
        *self.balance.lock().unwrap()
    }

    /// Takes `amount` out if the balance covers it, or returns the balance
    /// that did not: check and withdrawal as one step, so that no other
    /// withdrawal can come between them.
    pub fn withdraw(&self, amount: u64) -> Result<(), Insufficient> {
        // exercise: solution
        let mut balance = self.balance.lock().unwrap();
        if *balance < amount {
            return Err(Insufficient { balance: *balance });
        }
        *balance -= amount;
        Ok(())
        // exercise: stub
        // todo!("check the balance and take the amount out under one lock")
        // exercise: end
    }
}
