use shuttle::sync::Arc;

exercises::checks! {
    fn withdraws_what_the_balance_covers() {
        shuttle::check_dfs(
            || {
                let account = Account::new(100);
                assert_eq!(account.withdraw(30), Ok(()));
                assert_eq!(account.withdraw(80), Err(Insufficient { balance: 70 }));
                assert_eq!(account.withdraw(70), Ok(()));
                assert_eq!(account.balance(), 0);
            },
            None,
        );
    }

    /// Two threads each withdraw 60 from 100: in every interleaving, exactly
    /// one of them succeeds and 40 is left.
    fn only_one_of_two_withdrawals_succeeds() {
        shuttle::check_dfs(
            || {
                let account = Arc::new(Account::new(100));
                let other = Arc::clone(&account);
                let theirs = shuttle::thread::spawn(move || other.withdraw(60));
                let mine = account.withdraw(60);
                let theirs = theirs.join().unwrap();
                assert!(
                    mine.is_ok() != theirs.is_ok(),
                    "exactly one withdrawal succeeds: {mine:?}, {theirs:?}"
                );
                assert_eq!(account.balance(), 40);
            },
            None,
        );
    }
}
