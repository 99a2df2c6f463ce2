use std::sync::{Mutex, mpsc};
use std::thread;

/// Whether another thread could take `gil` now. (`try_lock` never waits,
/// and says no when the lock is held, even by the calling thread.)
fn free(gil: &Mutex<()>) -> bool {
    gil.try_lock().is_ok()
}

exercises::checks! {
    /// On one thread: the lock is held while `compute` runs, free while
    /// `io` runs, and `io` gets what `compute` returned.
    fn the_io_runs_without_the_gil() {
        let gil = Mutex::new(());
        let got = step(&gil, || (free(&gil), 20), |(free_in_compute, n)| (free_in_compute, free(&gil), n + 1));
        let (free_in_compute, free_in_io, n) = got;
        assert!(!free_in_compute, "compute runs holding the GIL");
        assert!(free_in_io, "the I/O runs with the GIL released");
        assert_eq!(n, 21, "io gets what compute returned");
        assert!(free(&gil), "the GIL is free after the step");
    }

    /// Thread A's I/O waits until thread B has computed, and B starts only
    /// once A has computed. If A kept the GIL through its I/O, B could never
    /// take it: a deadlock, which the watchdog reports.
    fn another_thread_computes_during_the_io() {
        let gil = &Mutex::new(());
        let (a_computed, a_has_computed) = mpsc::channel();
        let (b_computed, b_has_computed) = mpsc::channel();
        let (a, b) = thread::scope(|s| {
            let a = s.spawn(move || {
                let compute = || a_computed.send(()).unwrap();
                let io = |()| b_has_computed.recv().expect("B computes");
                step(gil, compute, io);
                "A done"
            });
            let b = s.spawn(move || {
                a_has_computed.recv().expect("A computes");
                step(gil, || b_computed.send(()).unwrap(), |()| "B done")
            });
            let joined = |t: thread::ScopedJoinHandle<_>| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (joined(a), joined(b))
        });
        assert_eq!((a, b), ("A done", "B done"));
    }
}
