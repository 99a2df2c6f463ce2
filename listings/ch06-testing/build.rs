//! Writes chapter 2's pool with one planted bug, for `shuttle_pool_mutant`:
//! the same file the book shows, with exactly one edit.

use std::{env, fs, path::Path};

/// The edit: `JobHandle::join` takes whatever result is there *now*
/// (`try_recv`) instead of waiting for it (`recv`).
const CORRECT: &str = ".recv()\n            .expect(\"a queued job always runs";
const PLANTED: &str =
    ".try_recv() // planted bug: does not wait\n            .expect(\"a queued job always runs";

fn main() {
    let pool = Path::new("../ch02-thread-pools/src/pool.rs");
    println!("cargo::rerun-if-changed={}", pool.display());
    let text = fs::read_to_string(pool).expect("read chapter 2's pool.rs");
    assert_eq!(
        text.matches(CORRECT).count(),
        1,
        "pool.rs must contain `{CORRECT}` exactly once"
    );
    // `include!` takes items only: drop the file's inner doc comment.
    let items: String = text
        .replace(CORRECT, PLANTED)
        .lines()
        .filter(|line| !line.starts_with("//!"))
        .map(|line| format!("{line}\n"))
        .collect();
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("pool_mutant.rs");
    fs::write(out, items).expect("write the mutant");
}
