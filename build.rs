//! Expands the chapters with mdBook, then hands every Rust block to skeptic.
//! Problems (an untagged block, a failed include…) become a failing test with
//! the file and line, not a failed build, so the other tests still run.

use std::path::{Path, PathBuf};

use book_harness::{plan, prepare};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for watched in [
        "src",
        "listings",
        "quizzes",
        "book.toml",
        "tools/snippet-rustc",
    ] {
        println!("cargo::rerun-if-changed={watched}");
    }
    println!(
        "cargo::rustc-env=BOOK_TARGET={}",
        std::env::var("TARGET").unwrap()
    );

    let plan = plan::plan(&root);
    let snippets = out.join("snippets");
    let files = prepare::write_skeptic_input(&plan, &snippets, prepare::SNIPPET_TIMEOUT)
        .expect("write the snippets for skeptic");
    let skeptic_tests = generate_tests(&files, &out);
    prepare::write_if_changed(
        &out.join("book-checks.rs"),
        &prepare::checks_source(&plan, skeptic_tests),
    )
    .expect("write book-checks.rs");
}

/// skeptic writes `skeptic-tests.rs`; the book's tests include an aligned
/// copy. Returns how many tests skeptic generated.
fn generate_tests(files: &[PathBuf], out: &Path) -> usize {
    let skeptic_tests = out.join("skeptic-tests.rs");
    if files.is_empty() {
        // skeptic writes nothing for an empty book.
        prepare::write_if_changed(&skeptic_tests, "").unwrap();
    } else {
        skeptic::generate_doc_tests(files);
    }
    let generated = std::fs::read_to_string(&skeptic_tests).expect("skeptic wrote its tests");
    prepare::write_if_changed(
        &out.join("book-tests.rs"),
        &prepare::align_skeptic_tests(&generated),
    )
    .expect("write book-tests.rs");
    // skeptic writes each test as `#[test] fn NAME() {` on a line of its own
    // (a program's own `#[test]`s sit inside its string, indented).
    generated
        .lines()
        .filter(|line| line.starts_with("#[test] fn "))
        .count()
}
