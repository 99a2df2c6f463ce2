//! Runs the experiments binary in its tiny configuration, as a reader would
//! run it, and returns what it wrote. Tiny runs still measure; the tests check
//! that each experiment runs and reports, never what it measured.

use std::path::PathBuf;
use std::process::Command;

pub struct TinyRun {
    pub stdout: String,
    pub markdown: String,
    pub svg: String,
}

pub fn run_tiny(name: &str) -> TinyRun {
    let out_dir = temp_dir(name);
    let output = Command::new(env!("CARGO_BIN_EXE_experiments"))
        .args([name, "--tiny", "--out"])
        .arg(&out_dir)
        .output()
        .expect("the experiments binary starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "experiments {name} --tiny failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |ext: &str| {
        let path = out_dir.join(format!("{name}.{ext}"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let run = TinyRun {
        stdout,
        markdown: read("md"),
        svg: read("svg"),
    };
    std::fs::remove_dir_all(&out_dir).unwrap();
    assert!(run.markdown.starts_with("Machine: "), "{}", run.markdown);
    assert!(
        run.markdown.contains("| --- |"),
        "no table in:\n{}",
        run.markdown
    );
    assert!(run.svg.starts_with("<svg"), "not an SVG chart");
    assert!(
        run.markdown
            .ends_with("Tiny configuration: a test run, not figures to read.\n"),
        "a tiny run's results must say so"
    );
    run
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("experiments-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
