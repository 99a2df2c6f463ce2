exercises::checks! {
    fn an_exit_code_and_the_output() {
        assert_eq!(run("echo hi").unwrap(), (Outcome::Exited(0), "hi\n".to_owned()));
        assert_eq!(run("echo partial; exit 3").unwrap().0, Outcome::Exited(3));
    }

    /// `kill -TERM $$`: the shell signals itself.
    fn a_signal_is_not_an_exit() {
        assert_eq!(run("kill -TERM $$").unwrap().0, Outcome::Killed(15));
        assert_eq!(run("kill -KILL $$").unwrap().0, Outcome::Killed(9));
    }
}
