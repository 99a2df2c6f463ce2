//! The book shows one full run of every experiment from `src/experiments`:
//! each experiment has its table and chart there, from a full run (not a
//! `--tiny` one), headed by the machine it ran on.

use std::path::Path;
use std::process::Command;

#[test]
fn every_experiment_has_full_results_in_the_book() {
    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/experiments");
    for name in experiment_names() {
        let markdown = std::fs::read_to_string(results.join(format!("{name}.md")))
            .unwrap_or_else(|e| panic!("src/experiments/{name}.md: {e}; run `cargo run --release -p experiments -- {name}`"));
        assert!(
            markdown.starts_with("Machine: "),
            "src/experiments/{name}.md names no machine"
        );
        assert!(
            markdown.contains("| --- |"),
            "src/experiments/{name}.md has no table"
        );
        assert!(
            !markdown.contains("Tiny configuration"),
            "src/experiments/{name}.md is from a --tiny run"
        );
        let svg = std::fs::read_to_string(results.join(format!("{name}.svg")))
            .unwrap_or_else(|e| panic!("src/experiments/{name}.svg: {e}"));
        assert!(
            svg.starts_with("<svg"),
            "src/experiments/{name}.svg is not an SVG"
        );
    }
}

fn experiment_names() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_experiments"))
        .arg("list")
        .output()
        .expect("the experiments binary starts");
    assert!(out.status.success());
    let names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(String::from))
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    names
}
