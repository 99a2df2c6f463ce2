//! Writes files of other chapters with one planted bug each, for
//! `shuttle_pool_mutant`, `loom_oneshot`, `shuttle_async_oneshot` and
//! `loom_tiny_executor`: the same files the book shows, each with exactly one
//! edit. Also copies chapter 5's tiny executor unchanged, so that a listing
//! can `include!` it inside a module of its own and reach its private types.

use std::{env, fs, path::Path};

/// Chapter 2's pool: `JobHandle::join` takes whatever result is there *now*
/// (`try_recv`) instead of waiting for it (`recv`).
const POOL: Mutant = Mutant {
    file: "../ch02-thread-pools/src/pool.rs",
    correct: ".recv()\n            .expect(\"a queued job always runs",
    planted: ".try_recv() // planted bug: does not wait\n            .expect(\"a queued job always runs",
    out: "pool_mutant.rs",
};

/// Chapter 5's one-shot slot: `poll` finds no value, lets go of the lock,
/// and only then takes it again to store its waker. A `send` in that gap
/// finds no waker to wake.
const ONESHOT: Mutant = Mutant {
    file: "../ch05-async/src/oneshot.rs",
    correct: "slot.waker = Some(cx.waker().clone()); // replace, never keep an old one",
    planted: "drop(slot); // planted bug: check, unlock, then register\n                \
              self.0.lock().unwrap().waker = Some(cx.waker().clone());",
    out: "oneshot_mutant.rs",
};

/// Chapter 5's tiny executor: `run` takes a woken task if there is one
/// (`try_recv`) instead of sleeping until a wake (`recv`).
const EXECUTOR: Mutant = Mutant {
    file: "../ch05-async/src/bin/tiny_executor.rs",
    correct: "self.woken.recv().unwrap(); // sleeps until a wake",
    planted: "self.woken.try_recv().unwrap(); // planted bug: never sleeps",
    out: "tiny_executor_mutant.rs",
};

/// The tiny executor as it is: an edit of nothing.
const EXECUTOR_COPY: Mutant = Mutant {
    correct: "self.woken.recv().unwrap(); // sleeps until a wake",
    planted: "self.woken.recv().unwrap(); // sleeps until a wake",
    out: "tiny_executor.rs",
    ..EXECUTOR
};

struct Mutant {
    file: &'static str,
    correct: &'static str,
    planted: &'static str,
    out: &'static str,
}

fn main() {
    for Mutant {
        file,
        correct,
        planted,
        out,
    } in [POOL, ONESHOT, EXECUTOR, EXECUTOR_COPY]
    {
        println!("cargo::rerun-if-changed={file}");
        let text = fs::read_to_string(file).expect("read the original");
        assert_eq!(
            text.matches(correct).count(),
            1,
            "{file} must contain `{correct}` exactly once"
        );
        // `include!` takes items only: drop the file's inner doc comment.
        let items: String = text
            .replace(correct, planted)
            .lines()
            .filter(|line| !line.starts_with("//!"))
            .map(|line| format!("{line}\n"))
            .collect();
        let path = Path::new(&env::var("OUT_DIR").unwrap()).join(out);
        fs::write(path, items).expect("write the mutant");
    }
}
