use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use ch02_thread_pools::pool::ThreadPool;

const WORKERS: usize = 4;
const SERVER_DELAY: Duration = Duration::from_millis(100);
const TIMEOUT: Duration = Duration::from_secs(5);

// ANCHOR: download
/// GET one path with HTTP/1.0: the body, or an error for any status but 200.
fn download(server: SocketAddr, path: &str) -> io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&server, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?; // urlopen(url, timeout=5)
    write!(stream, "GET {path} HTTP/1.0\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?; // HTTP/1.0: the server closes when done
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or_else(|| io::Error::other("malformed response"))?;
    match head.lines().next().unwrap_or_default() {
        "HTTP/1.0 200 OK" => Ok(body.to_owned()),
        status => Err(io::Error::other(format!("server said {status:?}"))),
    }
}
// ANCHOR_END: download

// ANCHOR: main
fn main() {
    println!("available_parallelism = {}", cores());
    let paths: Vec<String> = (0..7)
        .map(|i| format!("/page/{i}"))
        .chain(["/missing".to_owned()])
        .collect();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap(); // any free port
    let server = listener.local_addr().unwrap();
    let connections = 2 * paths.len();
    let server_thread = thread::spawn(move || serve(listener, connections));

    let started = Instant::now();
    let one_by_one: Vec<io::Result<String>> = paths.iter().map(|p| download(server, p)).collect();
    println!("one after another: {:?}", started.elapsed());

    let started = Instant::now();
    let pool = ThreadPool::new(WORKERS);
    let jobs = paths
        .iter()
        .cloned()
        .map(|path| move || download(server, &path));
    let mut pooled: Vec<Option<io::Result<String>>> = paths.iter().map(|_| None).collect();
    for (index, outcome) in pool.as_completed(jobs) {
        pooled[index] = Some(outcome.expect("download never panics"));
    }
    println!("{WORKERS} workers:         {:?}", started.elapsed());

    for ((path, pooled), one) in paths.iter().zip(pooled).zip(one_by_one) {
        let pooled = pooled.expect("every job reported");
        match &pooled {
            Ok(body) => println!("{path}: {} bytes", body.len()),
            Err(error) => println!("{path}: failed: {error}"),
        }
        check(path, &pooled, &one);
    }
    let peak = server_thread.join().unwrap();
    assert!(peak <= WORKERS, "the pool bounds the requests in flight");
}
// ANCHOR_END: main

// ANCHOR: server
/// A slow web server: answers `connections` requests, each on its own thread
/// after a delay, then returns the most requests it ever had in flight.
fn serve(listener: TcpListener, connections: usize) -> usize {
    let (in_flight, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
    thread::scope(|scope| {
        for stream in listener.incoming().take(connections) {
            let mut stream = stream.unwrap();
            let (in_flight, peak) = (&in_flight, &peak);
            scope.spawn(move || {
                // Relaxed, as in Listing 1-5: two counters, nothing published.
                let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
                peak.fetch_max(now, Ordering::Relaxed);
                let mut request = String::new();
                BufReader::new(&stream).read_line(&mut request).unwrap();
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                thread::sleep(SERVER_DELAY); // the slow network
                let reply = match path.strip_prefix("/page/") {
                    Some(n) => format!("HTTP/1.0 200 OK\r\n\r\n{}", page(n)),
                    None => "HTTP/1.0 404 Not Found\r\n\r\n".to_owned(),
                };
                in_flight.fetch_sub(1, Ordering::Relaxed);
                stream.write_all(reply.as_bytes()).unwrap();
            });
        }
    });
    peak.into_inner()
}
// ANCHOR_END: server

/// The body of `/page/<n>`: n + 1 lines.
fn page(n: &str) -> String {
    let lines: usize = n.parse::<usize>().unwrap() + 1;
    format!("line of page {n}\n").repeat(lines)
}

/// The pooled result matches the sequential one and the page's true body.
fn check(path: &str, pooled: &io::Result<String>, one_by_one: &io::Result<String>) {
    match (path.strip_prefix("/page/"), pooled, one_by_one) {
        (Some(n), Ok(a), Ok(b)) => assert!(*a == page(n) && *b == page(n)),
        (None, Err(_), Err(_)) => {}
        other => panic!("unexpected outcome: {other:?}"),
    }
}

fn cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}
