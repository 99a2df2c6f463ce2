//! Chapter 6, "Testing concurrent code": chapter 2's thread pool and chapter
//! 5's one-shot slot compiled against shuttle's threads, locks and channels,
//! so that shuttle can choose every switch between its threads.

use std::any::Any;

/// What `pool.rs` takes from `crate::sync`: here, shuttle's look-alikes of
/// std's types, which yield to shuttle's scheduler at every operation.
mod sync {
    pub use shuttle::sync::{Arc, Mutex, mpsc};
    pub use shuttle::thread;
}

/// Chapter 2's pool, the very file (`listings/ch02-thread-pools/src/pool.rs`).
#[path = "../../ch02-thread-pools/src/pool.rs"]
pub mod pool;

/// The same file with one planted bug: `JobHandle::join` does not wait for
/// the job's result (the edit is made by this crate's `build.rs`).
pub mod pool_mutant {
    include!(concat!(env!("OUT_DIR"), "/pool_mutant.rs"));
}

/// Chapter 5's one-shot slot, the very file (`listings/ch05-async/src/oneshot.rs`).
#[path = "../../ch05-async/src/oneshot.rs"]
pub mod oneshot;

/// The same file with one planted bug: `poll` checks for the value and
/// registers its waker under two different locks (edit made by `build.rs`).
pub mod oneshot_mutant {
    include!(concat!(env!("OUT_DIR"), "/oneshot_mutant.rs"));
}

/// The text a panic carried (`panic!` with a literal gives `&str`, with
/// formatting a `String`), cut to its first line.
pub fn first_line(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "<non-text panic payload>"
    };
    text.lines().next().unwrap_or("").to_owned()
}

/// Planted bugs are checked in a child copy of the listing, because a loom
/// model that fails can abort while it cleans up. The parent calls
/// [`planted_bug_verdict`]; the child calls [`report_first_panic`] and then
/// runs the broken model.
pub mod planted_bug {
    use std::env;
    use std::panic;
    use std::process::Command;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

    /// Runs this program again with `arg`, asserts that the child failed,
    /// and returns what it reported: its stderr line after `loom: `.
    pub fn planted_bug_verdict(arg: &str) -> String {
        let me = env::current_exe().expect("path of this program");
        let child = Command::new(me).arg(arg).output().expect("run the child");
        assert!(!child.status.success(), "loom must catch {arg}");
        let stderr = String::from_utf8_lossy(&child.stderr);
        let verdict = stderr.lines().find_map(|line| line.strip_prefix("loom: "));
        verdict
            .expect("the child reports loom's verdict")
            .to_owned()
    }

    /// In the child: the first panic prints `loom: caught at <noun> N: ...`,
    /// N being how many runs of the model `runs` had counted by then.
    pub fn report_first_panic(runs: &'static AtomicUsize, noun: &'static str) {
        panic::set_hook(Box::new(move |info| {
            static REPORTED: AtomicBool = AtomicBool::new(false);
            if !REPORTED.swap(true, Relaxed) {
                let first = super::first_line(info.payload());
                eprintln!("loom: caught at {noun} {}: {first}", runs.load(Relaxed));
            }
        }));
    }
}
