//! A scraper: a loopback HTTP server started by the listing, at most
//! `MAX_IN_FLIGHT` requests at once (a `Semaphore`), results in completion
//! order (a `JoinSet`), and a per-request `timeout`. The clock is real: a
//! paused clock can jump past a timeout while a reply is still on its way
//! through the kernel (tokio#4522).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout};

/// A tiny HTTP/1.0-style server: `/hang` never answers, `/missing` is a
/// 404, every other path answers `200` with the path as its body.
async fn http_server(listener: TcpListener) {
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let (reader, mut writer) = socket.into_split();
            let mut request_line = String::new();
            BufReader::new(reader)
                .read_line(&mut request_line)
                .await
                .unwrap();
            let path = request_line.split_whitespace().nth(1).unwrap().to_string();
            let (status, body) = match path.as_str() {
                "/hang" => std::future::pending().await, // holds the socket, says nothing
                "/missing" => ("404 Not Found", "no such page".to_string()),
                _ => ("200 OK", format!("page {path}")),
            };
            let response = format!("HTTP/1.0 {status}\r\n\r\n{body}");
            writer.write_all(response.as_bytes()).await.unwrap();
        }); // dropping the writer closes the connection: end of the body
    }
}

// ANCHOR: fetch
/// GET `path`, HTTP/1.0 style: send one request line, read to end of stream.
async fn fetch(addr: std::net::SocketAddr, path: &str) -> Result<String, String> {
    let mut socket = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    socket
        .write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut response = String::new();
    socket
        .read_to_string(&mut response)
        .await
        .map_err(|e| e.to_string())?;
    let (head, body) = response.split_once("\r\n\r\n").ok_or("no header end")?;
    match head.split_whitespace().nth(1) {
        Some("200") => Ok(body.to_string()),
        status => Err(format!("HTTP {}", status.unwrap_or("?"))),
    }
}
// ANCHOR_END: fetch

const MAX_IN_FLIGHT: usize = 3;
const PER_REQUEST: Duration = Duration::from_millis(500);

// ANCHOR: main
#[tokio::main(flavor = "current_thread")] // a real clock: see the text
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(http_server(listener));

    let mut paths: Vec<String> = (1..=8).map(|n| format!("/page/{n}")).collect();
    paths.insert(2, "/hang".into());
    paths.insert(5, "/missing".into());

    let permits = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let (in_flight, high_water) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let start = Instant::now();
    let mut requests = JoinSet::new();
    for path in paths {
        let (permits, in_flight, high_water) =
            (permits.clone(), in_flight.clone(), high_water.clone());
        requests.spawn(async move {
            let _permit = permits.acquire_owned().await.unwrap(); // wait for a slot
            // Relaxed: a gauge, as in `peak_concurrency`; the semaphore orders the
            // requests, and the peak is read after every task is joined.
            let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            high_water.fetch_max(now, Ordering::Relaxed);
            let result = match timeout(PER_REQUEST, fetch(addr, &path)).await {
                Ok(result) => result,
                Err(_elapsed) => Err(format!("timed out after {PER_REQUEST:?}")),
            };
            in_flight.fetch_sub(1, Ordering::Relaxed);
            (path, result) // the permit is dropped here: the next request may start
        });
    }
    let (mut results, mut last) = (BTreeMap::new(), String::new());
    while let Some(done) = requests.join_next().await {
        let (path, result) = done.unwrap(); // in completion order
        last.clone_from(&path);
        results.insert(path, result);
    }
    // ANCHOR_END: main

    for (path, result) in &results {
        println!("{path:<9} {result:?}");
    }
    println!("last to finish: {last}");
    assert_eq!(last, "/hang");

    let high_water = high_water.load(Ordering::Relaxed);
    println!("high-water mark: {high_water} requests in flight (limit {MAX_IN_FLIGHT})");
    let elapsed = start.elapsed();
    println!("took {elapsed:?}: the {PER_REQUEST:?} that /hang was given, and a little more");
    assert_eq!(high_water, MAX_IN_FLIGHT);
    assert_eq!(results.len(), 10);
    for n in 1..=8 {
        let path = format!("/page/{n}");
        assert_eq!(results[&path], Ok(format!("page {path}")));
    }
    assert_eq!(results["/missing"], Err("HTTP 404".to_string()));
    assert_eq!(results["/hang"], Err("timed out after 500ms".to_string()));
    // A real timer never fires early. (How much later it fires depends on
    // the machine, so the upper end is printed, not asserted.)
    assert!(elapsed >= PER_REQUEST);
}
