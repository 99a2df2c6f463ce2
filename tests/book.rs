//! Every code block of the book, compiled and run (see build.rs).

mod generated {
    include!(concat!(env!("OUT_DIR"), "/book-checks.rs"));
}

/// skeptic's generated tests, one per Rust block.
mod snippets {
    // The generated code formats each program through `format!`.
    #![allow(clippy::useless_format)]
    include!(concat!(env!("OUT_DIR"), "/book-tests.rs"));
}

use book_harness::checks;
use generated::{BOOK_BLOCKS, BOOK_PROBLEMS, SKEPTIC_TESTS};

#[test]
fn every_code_block_is_tagged_and_checkable() {
    checks::assert_no_problems(BOOK_PROBLEMS);
}

/// skeptic parses Markdown its own way; make sure it saw every Rust block.
#[test]
fn skeptic_runs_every_rust_block() {
    let counts = checks::tally(BOOK_BLOCKS.iter().map(|(_, kind)| *kind));
    println!("{} code blocks in the book:", BOOK_BLOCKS.len());
    for (kind, n) in &counts {
        println!("  {n:4}  {kind}");
    }
    let rust_blocks = BOOK_BLOCKS
        .iter()
        .filter(|(_, kind)| kind.contains("skeptic"))
        .count();
    assert!(
        rust_blocks > 0,
        "no Rust blocks found: did mdBook find the chapters?"
    );
    assert_eq!(
        SKEPTIC_TESTS, rust_blocks,
        "skeptic generated a test for each Rust block"
    );
}

#[test]
fn every_listing_binary_is_declared_without_a_test_harness() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let undeclared = checks::listing_bins_with_a_test_harness(root);
    assert!(undeclared.is_empty(), "{}", undeclared.join("\n"));
}

/// Each chapter that follows a section of the Python note (the Introduction
/// to chapter 8) shows a Python original beside its Rust in a tab group.
#[test]
fn every_note_chapter_has_python_beside_rust() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut without = Vec::new();
    for n in 0..=8 {
        let chapter = std::fs::read_dir(&src)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("ch{n:02}-"))
            })
            .unwrap_or_else(|| panic!("no chapter {n}"));
        let text = std::fs::read_to_string(&chapter).unwrap();
        let paired = text.split("{{#tabs language}}").skip(1).any(|group| {
            let group = group.split("{{#endtabs}}").next().unwrap_or_default();
            group.contains("{{#tab Python}}") && group.contains("{{#tab Rust}}")
        });
        if !paired {
            without.push(chapter.display().to_string());
        }
    }
    assert!(
        without.is_empty(),
        "no Python | Rust tab group in: {without:?}"
    );
}
