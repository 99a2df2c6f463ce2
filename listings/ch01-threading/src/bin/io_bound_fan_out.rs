use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const REQUESTS: usize = 20;
const NETWORK_DELAY: Duration = Duration::from_millis(50);

// ANCHOR: main
/// One request: connect, send a line, wait for the reply line.
fn fetch(server: SocketAddr, id: usize) -> String {
    let mut stream = TcpStream::connect(server).expect("connect");
    writeln!(stream, "request {id}").expect("send");
    read_line(&stream)
}

fn fetch_one_after_another(server: SocketAddr) -> Vec<String> {
    (0..REQUESTS).map(|id| fetch(server, id)).collect()
}

fn fetch_on_threads(server: SocketAddr) -> Vec<String> {
    let handles: Vec<_> = (0..REQUESTS)
        .map(|id| thread::spawn(move || fetch(server, id)))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

fn main() {
    println!("available_parallelism = {}", cores());
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind"); // any free port
    let server_addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || slow_server(listener, 2 * REQUESTS));

    let started = Instant::now();
    let replies = fetch_one_after_another(server_addr);
    let elapsed = started.elapsed();
    println!("one after another: {REQUESTS} replies in {elapsed:?}");
    check(&replies);

    let started = Instant::now();
    let replies = fetch_on_threads(server_addr);
    let elapsed = started.elapsed();
    println!("{REQUESTS} threads:        {REQUESTS} replies in {elapsed:?}");
    check(&replies);

    server.join().unwrap(); // it has served all its connections and returned
}
// ANCHOR_END: main

// ANCHOR: server
/// Answers `connections` connections, each on its own thread after a delay
/// that stands in for a slow network, then returns.
fn slow_server(listener: TcpListener, connections: usize) {
    thread::scope(|scope| {
        for stream in listener.incoming().take(connections) {
            let mut stream = stream.expect("accept");
            scope.spawn(move || {
                let request = read_line(&stream);
                thread::sleep(NETWORK_DELAY);
                writeln!(stream, "reply to {request}").expect("reply");
            });
        }
    }); // returns once every connection has been answered
}
// ANCHOR_END: server

fn read_line(stream: &TcpStream) -> String {
    // A generous timeout turns a bug into an error instead of a hang.
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).expect("read");
    line.trim_end().to_string()
}

/// Every reply is present, correct and in request order.
fn check(replies: &[String]) {
    assert_eq!(replies.len(), REQUESTS);
    for (id, reply) in replies.iter().enumerate() {
        assert_eq!(reply, &format!("reply to request {id}"));
    }
    println!("all {REQUESTS} replies correct");
}

fn cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}
