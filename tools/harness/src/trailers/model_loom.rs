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
}
