//! What every multi-process listing of chapter 9 needs: addresses for a
//! hostfile, a way to start one process of the cluster, and a guard that
//! leaves no process running.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};

/// A process's exit code when timely could not set up its connections.
pub const NO_NETWORK: i32 = 3;

// ANCHOR: free_addresses
/// Addresses that were free a moment ago: bind port 0, read the port the
/// OS chose, let it go. Every process must know every address up front.
pub fn free_addresses(n: usize) -> Vec<String> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0"))
        .collect(); // all held at once, so no port is handed out twice
    let address = |l: &TcpListener| l.local_addr().unwrap().to_string();
    listeners.iter().map(address).collect()
} // the listeners close here: the ports are free again, for a moment
// ANCHOR_END: free_addresses

// ANCHOR: start
/// Starts this program again as process `p` of `processes`, each with
/// `threads` workers, its stdout piped to the caller.
pub fn start_process(hostfile: &Path, p: usize, processes: usize, threads: usize) -> Child {
    let flags = ["-n", &processes.to_string(), "-p", &p.to_string()];
    (Command::new(std::env::current_exe().unwrap()).args(flags))
        .args(["-w", &threads.to_string(), "-h", hostfile.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start a process")
}

/// Child processes that are killed and reaped when this is dropped, so a
/// failed assertion or a panic leaves nothing running.
pub struct Reaper(pub Vec<Child>);

impl Reaper {
    pub fn wait_all(&mut self) -> Vec<ExitStatus> {
        self.0.drain(..).map(|mut c| c.wait().unwrap()).collect()
    }
}

impl Drop for Reaper {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill(); // fails only if it already exited
            let _ = child.wait(); // reap it either way
        }
    }
}
// ANCHOR_END: start
