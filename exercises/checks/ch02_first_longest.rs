/// Runs `f` on a pool of four threads, so that rayon really splits the work.
fn on_four_threads<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap().install(f)
}

exercises::checks! {
    fn finds_the_longest() {
        assert_eq!(first_longest(&[]), None);
        assert_eq!(first_longest(&["fig"]), Some("fig"));
        let words = ["pear", "fig", "banana", "kiwi"];
        assert_eq!(on_four_threads(|| first_longest(&words)), Some("banana"));
    }

    /// 10,000 words of three letters, the first of them "one": split over
    /// four threads, the answer is still the first.
    fn ties_go_to_the_first() {
        let mut words = vec!["two"; 10_000];
        words[0] = "one";
        let found = on_four_threads(|| first_longest(&words));
        assert_eq!(found, Some("one"), "of 10,000 words of three letters, the first");
    }
}
