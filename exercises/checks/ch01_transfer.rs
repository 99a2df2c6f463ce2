use shuttle::sync::Arc;

exercises::checks! {
    fn moves_the_amount() {
        shuttle::check_dfs(
            || {
                let (a, b) = (Account::new(1, 100), Account::new(2, 0));
                transfer(&a, &b, 30);
                transfer(&b, &a, 10);
                assert_eq!((a.balance(), b.balance()), (80, 20));
            },
            None,
        );
    }

    /// a → b and b → a at the same time, under every interleaving: no
    /// deadlock, and no money made or lost.
    fn opposite_transfers_do_not_deadlock() {
        shuttle::check_dfs(
            || {
                let a = Arc::new(Account::new(1, 100));
                let b = Arc::new(Account::new(2, 100));
                let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
                let other = shuttle::thread::spawn(move || transfer(&b2, &a2, 20));
                transfer(&a, &b, 50);
                other.join().unwrap();
                assert_eq!((a.balance(), b.balance()), (70, 130));
            },
            None,
        );
    }
}
