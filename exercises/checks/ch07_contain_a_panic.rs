use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use exercises::one_thread;

/// A two-thread pool whose panic handler counts instead of aborting.
fn counting_pool() -> (rayon::ThreadPool, Arc<AtomicUsize>) {
    let escaped = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&escaped);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .panic_handler(move |_| {
            counter.fetch_add(1, Ordering::Relaxed); // a tally; no data rides on it
        })
        .build()
        .unwrap();
    (pool, escaped)
}


exercises::checks! {
    fn a_result_comes_back() {
        let (pool, _) = counting_pool();
        assert_eq!(one_thread(on_pool(&pool, || 6 * 7)), Ok(42));
    }

    /// The pool's handler would have aborted the process under
    /// `rayon::spawn`; here it counts, and must count nothing.
    fn a_panic_comes_back_as_an_error() {
        let (pool, escaped) = counting_pool();
        let page = 7;
        let outcome = one_thread(on_pool(&pool, move || -> u32 { panic!("bad page {page}") }));
        assert_eq!(outcome, Err(Panicked("bad page 7".into())));
        assert_eq!(escaped.load(Ordering::Relaxed), 0, "the panic escaped to the pool's handler");
    }

    fn the_pool_still_works_after_a_panic() {
        let (pool, _) = counting_pool();
        let _ = one_thread(on_pool(&pool, || -> u32 { panic!("first") }));
        assert_eq!(one_thread(on_pool(&pool, || "second")), Ok("second"));
    }
}
