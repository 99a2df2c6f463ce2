//! The retry in Listing 9-4 is real: with one chosen port held by another
//! listener, the process meant to bind it exits with code 3, the parent
//! starts the cluster again on fresh ports, and the answer is unchanged.

use std::process::Command;

#[test]
fn a_taken_port_is_retried_once_on_fresh_ports() {
    let out = Command::new(env!("CARGO_BIN_EXE_primes_over_tcp"))
        .env("CH09_TAKE_A_PORT", "1")
        .output()
        .expect("run primes_over_tcp");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}\n{stderr}", out.status);
    assert!(stderr.contains("Address already in use"), "{stderr}");
    assert!(
        stderr.contains("a port was taken; retrying on fresh ports"),
        "{stderr}"
    );
    let recorded = include_str!("../output/primes_over_tcp.txt");
    assert_eq!(String::from_utf8_lossy(&out.stdout), recorded);
}
