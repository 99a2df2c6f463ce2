//! Question 12 in miniature: 1,000 loopback connections, all open at once,
//! to a tokio echo server in the same process. One task per connection.
//! Linux only (it reads and raises RLIMIT_NOFILE with `nix`).

#[cfg(target_os = "linux")]
use {
    nix::sys::resource::{Resource, getrlimit, setrlimit},
    std::sync::Arc,
    std::sync::atomic::{AtomicUsize, Ordering},
    std::time::Instant,
    tokio::io::{AsyncReadExt, AsyncWriteExt},
    tokio::net::{TcpSocket, TcpStream},
    tokio::sync::{Barrier, Semaphore},
};

const CONNECTIONS: usize = 1_000;
/// Room in the accept queue for every connection at once. (`TcpListener::bind`
/// asks for 128, as std does; the kernel caps it at `somaxconn`.)
#[cfg(target_os = "linux")]
const BACKLOG: u32 = 1_024;

// ANCHOR: fd_limit
/// Both ends of every connection live in this process: two descriptors
/// each, plus some for the runtime. Raise the soft limit if it is too low.
#[cfg(target_os = "linux")]
fn ensure_fd_limit(needed: u64) -> Result<(), String> {
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).map_err(|e| e.to_string())?;
    if soft >= needed {
        return Ok(());
    }
    if hard < needed {
        return Err(format!(
            "needs {needed} open files, the hard limit is {hard}"
        ));
    }
    setrlimit(Resource::RLIMIT_NOFILE, needed, hard).map_err(|e| e.to_string())?;
    eprintln!("raised the open-file soft limit from {soft} to {needed}");
    Ok(())
}
// ANCHOR_END: fd_limit

// ANCHOR: server
#[cfg(target_os = "linux")]
#[tokio::main]
async fn main() {
    if let Err(why) = ensure_fd_limit(2 * CONNECTIONS as u64 + 100) {
        println!("skipped: {why}; raise it with `ulimit -n` and run again");
        return;
    }
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(BACKLOG).unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    let server = tokio::spawn(async move {
        loop {
            let mut socket = match listener.accept().await {
                Ok((socket, _)) => socket,
                Err(error) => {
                    // EMFILE, ECONNABORTED...: transient. Log, back off, go on.
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            };
            counter.fetch_add(1, Ordering::Relaxed); // a tally, read at the end
            tokio::spawn(async move {
                let (mut reader, mut writer) = socket.split();
                tokio::io::copy(&mut reader, &mut writer).await.unwrap(); // echo until EOF
            });
        }
    });

    // ANCHOR_END: server
    // ANCHOR: clients
    let start = Instant::now();
    let connecting = Arc::new(Semaphore::new(100)); // ramp up: 100 connects at a time
    let all_open = Arc::new(Barrier::new(CONNECTIONS));
    let mut clients = tokio::task::JoinSet::new();
    for n in 0..CONNECTIONS {
        let (connecting, all_open) = (connecting.clone(), all_open.clone());
        clients.spawn(async move {
            let permit = connecting.acquire().await.unwrap();
            let mut socket = TcpStream::connect(addr).await.unwrap();
            drop(permit);
            all_open.wait().await; // all 1,000 connections are open now
            let message = format!("hello from client {n}");
            socket.write_all(message.as_bytes()).await.unwrap();
            socket.shutdown().await.unwrap(); // EOF ends the server's copy
            let mut echoed = String::new();
            socket.read_to_string(&mut echoed).await.unwrap();
            assert_eq!(echoed, message);
        });
    }
    let results = clients.join_all().await;
    let elapsed = start.elapsed();
    server.abort();
    // Relaxed: every client has had its echo, so every accept has counted.
    println!(
        "server accepted {} connections",
        accepted.load(Ordering::Relaxed)
    );
    println!(
        "{} of {CONNECTIONS} clients got their own message back",
        results.len()
    );
    println!("connect + echo took {elapsed:?}");
    assert_eq!(accepted.load(Ordering::Relaxed), CONNECTIONS);
}
// ANCHOR_END: clients

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 5.");
}
