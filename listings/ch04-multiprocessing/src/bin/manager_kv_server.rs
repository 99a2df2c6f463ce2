//! Python's `Manager`: one server process owns the state; other processes
//! send it requests over a Unix domain socket.

#[cfg(target_os = "linux")]
use {
    ch04_multiprocessing::fork::{fork_child, wait_exit_code},
    std::collections::HashMap,
    std::fs,
    std::io::{BufRead, BufReader, Write},
    std::os::unix::net::{UnixListener, UnixStream},
    std::path::{Path, PathBuf},
};

#[cfg(target_os = "linux")]
const CLIENTS: i64 = 4;
#[cfg(target_os = "linux")]
const INCREMENTS: i64 = 100;

#[cfg(target_os = "linux")]
// ANCHOR: server
/// The manager process. Only it touches `store`. It serves one connection at
/// a time and answers each line with one line, so every request runs whole.
fn serve(listener: UnixListener) -> i32 {
    let mut store: HashMap<String, i64> = HashMap::new();
    for connection in listener.incoming() {
        let connection = connection.unwrap();
        let mut replies = &connection;
        for request in BufReader::new(&connection).lines() {
            let request = request.unwrap();
            let reply = match request.split(' ').collect::<Vec<_>>()[..] {
                ["set", key, value] => {
                    store.insert(key.to_string(), value.parse().unwrap());
                    "ok".to_string()
                }
                ["get", key] => store.get(key).map_or("none".to_string(), i64::to_string),
                ["incr", key] => {
                    let value = store.entry(key.to_string()).or_insert(0);
                    *value += 1;
                    value.to_string()
                }
                ["shutdown"] => {
                    writeln!(replies, "bye").unwrap();
                    return 0; // the listener is dropped: no new connections
                }
                _ => format!("error: cannot parse {request:?}"),
            };
            writeln!(replies, "{reply}").unwrap();
        }
    }
    unreachable!("incoming() never ends")
}
// ANCHOR_END: server

#[cfg(target_os = "linux")]
/// A connection to the manager: one request line out, one reply line back.
struct Client {
    requests: UnixStream,
    replies: BufReader<UnixStream>,
}

#[cfg(target_os = "linux")]
impl Client {
    fn connect(path: &Path) -> Client {
        let requests = UnixStream::connect(path).unwrap();
        let replies = BufReader::new(requests.try_clone().unwrap());
        Client { requests, replies }
    }

    fn call(&mut self, request: &str) -> String {
        writeln!(self.requests, "{request}").unwrap();
        let mut reply = String::new();
        self.replies.read_line(&mut reply).unwrap();
        reply.trim_end().to_string()
    }
}

#[cfg(target_os = "linux")]
/// A path for the socket, in a new directory of its own: created with an
/// unpredictable name, readable by this user only, as Python's `mkdtemp`
/// does. `main` removes it when it is done.
fn socket_path() -> PathBuf {
    let dir = tempfile::Builder::new()
        .prefix("ch04-manager-")
        .tempdir()
        .unwrap();
    dir.keep().join("manager.sock")
}

#[cfg(target_os = "linux")]
// ANCHOR: main
/// One client process: record its square, then count 100 hits.
fn client(path: &Path, c: i64) -> i32 {
    let mut manager = Client::connect(path);
    assert_eq!(manager.call(&format!("set client-{c} {}", c * c)), "ok");
    for _ in 0..INCREMENTS {
        manager.call("incr hits");
    }
    0
}

// ANCHOR_END: main
#[cfg(target_os = "linux")]
// ANCHOR: main
fn main() {
    let path = socket_path();
    let listener = UnixListener::bind(&path).unwrap(); // creates the file
    let manager = fork_child(move || serve(listener)); // parent's copy dropped
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| fork_child(|| client(&path, c)))
        .collect();
    for pid in clients {
        assert_eq!(wait_exit_code(pid), 0);
    }

    let mut admin = Client::connect(&path);
    let hits = admin.call("get hits");
    let squares: Vec<String> = (0..CLIENTS)
        .map(|c| admin.call(&format!("get client-{c}")))
        .collect();
    println!("hits = {hits}, squares = {squares:?}");
    assert_eq!(hits, (CLIENTS * INCREMENTS).to_string());
    assert_eq!(squares, ["0", "1", "4", "9"]);
    assert_eq!(admin.call("get nobody"), "none");
    assert_eq!(admin.call("shutdown"), "bye");
    assert_eq!(wait_exit_code(manager), 0);

    assert!(path.exists(), "closing a listener does not remove its file");
    fs::remove_file(&path).unwrap();
    fs::remove_dir(path.parent().unwrap()).unwrap();
    println!("manager exited; socket file removed: {}", !path.exists());
}
// ANCHOR_END: main

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("This listing uses Linux-only APIs; see chapter 4.");
}
