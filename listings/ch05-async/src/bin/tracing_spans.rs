//! `tracing` with `#[instrument]` spans on concurrent tasks, written by
//! `tracing-subscriber`'s fmt layer without timestamps or colours into a
//! buffer, then shown one request at a time: the order between tasks is up
//! to the scheduler, the order inside one span is the program's.

use std::io;
use std::sync::{Arc, Mutex};
use tokio::task::JoinSet;
use tracing::{info, instrument, warn};
use tracing_subscriber::fmt::format::FmtSpan;

/// An `io::Write` that appends to a shared buffer (one event, one write).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ANCHOR: instrumented
#[instrument]
async fn lookup(key: &'static str) -> Option<u32> {
    tokio::task::yield_now().await; // a real lookup would wait on I/O here
    let value = ["a", "b", "c"]
        .iter()
        .position(|k| *k == key)
        .map(|i| i as u32 + 1);
    if value.is_none() {
        warn!("no such key");
    }
    value
}

#[instrument(skip(keys), fields(keys = keys.len()))]
async fn request(id: u32, keys: Vec<&'static str>) -> u32 {
    info!("start");
    let mut total = 0;
    for key in keys {
        total += lookup(key).await.unwrap_or(0);
    }
    info!(total, "done");
    total
}
// ANCHOR_END: instrumented

// ANCHOR: main
#[tokio::main]
async fn main() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false) // no colour codes
        .without_time() // no timestamps, and no busy/idle times on spans
        .with_target(false) // no module path
        .with_span_events(FmtSpan::CLOSE) // one line as each span ends
        .init();

    let mut requests = JoinSet::new();
    for (id, keys) in [(1, vec!["a", "b"]), (2, vec!["c", "x"]), (3, vec!["b"])] {
        requests.spawn(request(id, keys));
    }
    let mut totals = requests.join_all().await;
    totals.sort();
    assert_eq!(totals, [2, 3, 3]);

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let mut shown = 0;
    for id in 1..=3 {
        let span = format!("request{{id={id} ");
        println!("-- request {id}");
        for line in text.lines().filter(|line| line.contains(&span)) {
            println!("{line}");
            shown += 1;
        }
    }
    assert_eq!(
        shown,
        text.lines().count(),
        "every line belongs to one request"
    );
}
// ANCHOR_END: main
