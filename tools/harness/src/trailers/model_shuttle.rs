mod book_std {
    pub use shuttle::{sync, thread};
    #[allow(unused_imports)]
    pub use std::*;
}

mod book_model {
    /// Every schedule, depth first.
    pub fn explore(schedule: impl Fn() + Send + Sync + 'static) {
        let mut config = shuttle::Config::new();
        // shuttle warns that it drops `lazy_static` values after each
        // schedule; dropping `STDOUT`'s `()` does nothing.
        config.silence_warnings = true;
        let limit = Some(super::BOOK_QUIZ_MAX_SCHEDULES);
        let scheduler = shuttle::scheduler::DfsScheduler::new(limit, false);
        shuttle::Runner::new(scheduler, config).run(schedule);
    }

    shuttle::lazy_static! {
        // Real stdout is behind a lock that every print takes, so another
        // thread may run between two prints: make that a scheduling point.
        static ref STDOUT: shuttle::sync::Mutex<()> = shuttle::sync::Mutex::new(());
    }

    pub fn print(text: String) {
        let _stdout = STDOUT.lock().unwrap();
        super::book_out::print(text);
    }
}
