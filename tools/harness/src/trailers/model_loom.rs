mod book_std {
    pub use loom::{sync, thread};
    #[allow(unused_imports)]
    pub use std::*;
}

mod book_model {
    /// Every execution loom's model allows, within the question's bound.
    pub fn explore(schedule: impl Fn() + Send + Sync + 'static) {
        let mut model = loom::model::Builder::new();
        model.preemption_bound = super::BOOK_QUIZ_PREEMPTION_BOUND;
        model.max_permutations = Some(super::BOOK_QUIZ_MAX_SCHEDULES);
        model.check(schedule);
    }

    loom::lazy_static! {
        // Real stdout is behind a lock that every print takes, so another
        // thread may run between two prints: make that a scheduling point.
        static ref STDOUT: loom::sync::Mutex<()> = loom::sync::Mutex::new(());
    }

    pub fn print(text: String) {
        let _stdout = STDOUT.lock().unwrap();
        super::book_out::print(text);
    }
}
