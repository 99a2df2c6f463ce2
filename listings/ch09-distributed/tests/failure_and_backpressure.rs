//! What the recorded outputs of Listings 9-7 and 9-10 cannot show: that the
//! failure demonstration leaves no cluster process behind, and that the
//! backpressure listing refuses a variant it does not know.

use std::process::Command;

/// The command lines of every running process that is `exe` started with
/// timely's flags: a cluster process of the listing.
fn cluster_processes(exe: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue; // not a process, or one that just exited
        };
        let args: Vec<String> = (cmdline.split(|&b| b == 0))
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().is_some_and(|a| a == exe) && args.iter().any(|a| a == "-p") {
            found.push(args.join(" "));
        }
    }
    found
}

#[test]
fn the_failure_demonstration_leaves_nothing_running() {
    let exe = env!("CARGO_BIN_EXE_partial_failure");
    let out = Command::new(exe).output().expect("run partial_failure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}\n{stderr}", out.status);
    assert_eq!(cluster_processes(exe), Vec::<String>::new(), "left running");
}

#[test]
fn an_unknown_variant_is_one_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_backpressure"))
        .arg("fast")
        .output()
        .expect("run backpressure");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "usage: backpressure [gated|ungated], got [\"fast\"]\n"
    );
    assert!(out.stdout.is_empty());
}
