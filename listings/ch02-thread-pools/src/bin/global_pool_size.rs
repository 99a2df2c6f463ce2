use std::process::Command;
use std::thread;

// ANCHOR: main
/// Run as a child: report the global pool's size, then try to resize it.
fn child() {
    // The first use of the global pool starts it, with its default size.
    println!("{}", rayon::current_num_threads());
    // Too late to configure it now: `build_global` works only before first use.
    let resized = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build_global();
    println!("{}", resized.is_ok());
}
fn main() {
    if std::env::args().nth(1).as_deref() == Some("--child") {
        return child();
    }
    let cores = thread::available_parallelism().unwrap().get();
    println!("available_parallelism = {cores}");

    let plain = run_child(None);
    assert_eq!(plain[0], cores.to_string()); // one thread per logical CPU
    println!("global pool, no RAYON_NUM_THREADS: as many threads as that");

    let three = run_child(Some("3"));
    println!("global pool, RAYON_NUM_THREADS=3: {} threads", three[0]);
    assert_eq!(three[0], "3");

    println!("build_global after first use succeeded: {}", plain[1]);
    assert_eq!(plain[1], "false");
}
// ANCHOR_END: main

/// Runs this program again as a child, with or without RAYON_NUM_THREADS.
fn run_child(rayon_num_threads: Option<&str>) -> Vec<String> {
    let mut command = Command::new(std::env::current_exe().unwrap());
    // rayon-core also honours the deprecated RAYON_RS_NUM_CPUS: remove both.
    command
        .arg("--child")
        .env_remove("RAYON_NUM_THREADS")
        .env_remove("RAYON_RS_NUM_CPUS");
    if let Some(n) = rayon_num_threads {
        command.env("RAYON_NUM_THREADS", n);
    }
    let output = command.output().expect("run the child");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    stdout.lines().map(String::from).collect()
}
