mod book_std {
    pub use shuttle::{sync, thread};
    #[allow(unused_imports)]
    pub use std::*;
}

mod book_model {
    /// Every schedule, depth first.
    pub fn explore(schedule: impl Fn() + Send + Sync + 'static) {
        shuttle::check_dfs(schedule, Some(super::BOOK_QUIZ_MAX_SCHEDULES));
    }
}
