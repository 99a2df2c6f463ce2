//! Mixed work, the Rust form of "asyncio + ProcessPoolExecutor": tokio does
//! the I/O (a loopback server and concurrent clients), rayon does the CPU
//! work, and a oneshot channel carries each result back to async code.
//!
//! Proof that the runtime stays free while rayon computes, without timing:
//! the server withholds documents 1.. until the analysis of document 0 has
//! started, and that analysis does not finish until the runtime has fetched
//! all of them. If the analysis blocked the runtime's only thread, the
//! fetches could not happen; the probe would give up after 30 s and panic.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc as std_mpsc};
use std::time::{Duration, Instant};

use ch07_when_to_use_what::docs::{Stats, analyse, document};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

const DOCS: usize = 8;

/// The proof hooks. Only document 0 is watched.
#[derive(Clone)]
struct Probe(Arc<ProbeState>);

struct ProbeState {
    first_started: watch::Sender<bool>,
    fetched_tx: std_mpsc::Sender<usize>,
    fetched_rx: Mutex<std_mpsc::Receiver<usize>>,
    fetched_while_first_ran: AtomicUsize,
}

impl Probe {
    fn new() -> Probe {
        let (fetched_tx, fetched_rx) = std_mpsc::channel();
        Probe(Arc::new(ProbeState {
            first_started: watch::Sender::new(false),
            fetched_tx,
            fetched_rx: Mutex::new(fetched_rx),
            fetched_while_first_ran: AtomicUsize::new(0),
        }))
    }

    /// Server side: documents 1.. are served only once document 0's
    /// analysis has started.
    async fn may_serve(&self, id: usize) {
        if id != 0 {
            let mut started = self.0.first_started.subscribe();
            started.wait_for(|&s| s).await.unwrap();
        }
    }

    /// Client side: a document has arrived.
    fn fetched(&self, id: usize) {
        if id != 0 {
            self.0.fetched_tx.send(id).unwrap();
        }
    }

    /// On rayon, before the analysis.
    fn cpu_started(&self, id: usize) {
        if id == 0 {
            self.0.first_started.send_replace(true);
        }
    }

    /// On rayon, after the analysis: document 0's job waits until every
    /// other document has been fetched (a rayon thread waits, never the
    /// runtime's). Blocking a rayon worker is what Listing 2-21 warns
    /// against; here it is deliberate, bounded by the 30 s limit, and it is
    /// the proof: only a free runtime thread can end the wait.
    fn cpu_finishing(&self, id: usize) {
        if id == 0 {
            let fetched = self.0.fetched_rx.lock().unwrap();
            for _ in 1..DOCS {
                fetched
                    .recv_timeout(Duration::from_secs(30))
                    .expect("no fetch while document 0 was analysed: is the runtime blocked?");
                // Relaxed: a tally, read after rayon has joined this job.
                self.0
                    .fetched_while_first_ran
                    .fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// A loopback server: read a document number, send the document, close.
/// It serves exactly `DOCS` connections, then returns.
async fn serve(listener: TcpListener, probe: Probe) {
    let mut connections = JoinSet::new();
    for _ in 0..DOCS {
        let (stream, _) = listener.accept().await.unwrap();
        let probe = probe.clone();
        connections.spawn(async move {
            let mut stream = BufReader::new(stream);
            let mut line = String::new();
            stream.read_line(&mut line).await.unwrap();
            let id: usize = line.trim().parse().unwrap();
            probe.may_serve(id).await;
            stream.write_all(document(id).as_bytes()).await.unwrap();
            stream.shutdown().await.unwrap();
        });
    }
    while let Some(done) = connections.join_next().await {
        done.unwrap();
    }
}

/// The I/O: ask for document `id` and read until the server closes.
async fn fetch(addr: std::net::SocketAddr, id: usize, probe: &Probe) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(format!("{id}\n").as_bytes()).await?;
    let mut text = String::new();
    stream.read_to_string(&mut text).await?;
    probe.fetched(id);
    Ok(text)
}

// ANCHOR: main
/// The bridge: rayon computes, a oneshot brings the answer back, and
/// `rx.await` leaves the runtime's thread free in the meantime.
async fn analyse_on_rayon(id: usize, text: String, probe: Probe) -> Stats {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        probe.cpu_started(id); // proof hooks: see the text
        let stats = analyse(&text);
        probe.cpu_finishing(id);
        let _ = tx.send(stats); // the receiver may be gone: ignore
    });
    // A panicking `rayon::spawn` job aborts the whole process (rayon's
    // default panic handler), so the job never drops `tx` without sending.
    rx.await.expect("the job sends before it ends")
}

#[tokio::main(flavor = "current_thread")] // one thread for all the I/O
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let probe = Probe::new();
    let server = tokio::spawn(serve(listener, probe.clone()));

    let started = Instant::now();
    let mut jobs = JoinSet::new();
    for id in 0..DOCS {
        let probe = probe.clone();
        jobs.spawn(async move {
            let text = fetch(addr, id, &probe).await.unwrap(); // I/O: tokio
            (id, analyse_on_rayon(id, text, probe).await) // CPU: rayon
        });
    }
    let mut results = vec![None; DOCS];
    while let Some(done) = jobs.join_next().await {
        let (id, stats) = done.unwrap();
        results[id] = Some(stats);
    }
    let pipelined = started.elapsed();
    server.await.unwrap();
    // ANCHOR_END: main

    let documents: Vec<String> = (0..DOCS).map(document).collect();
    let started = Instant::now(); // the analysis alone, documents already made
    let expected: Vec<Option<Stats>> = documents.iter().map(|d| Some(analyse(d))).collect();
    let sequential = started.elapsed();
    assert_eq!(
        results, expected,
        "the pipeline must agree with a plain loop"
    );

    let results: Vec<Stats> = results.into_iter().map(Option::unwrap).collect();
    let words: usize = results.iter().map(|s| s.words).sum();
    println!("fetched and analysed {DOCS} documents, {words} words in all");
    for (id, stats) in results.iter().enumerate().take(2) {
        let (word, count) = &stats.most_common;
        println!(
            "document {id}: {} words, {} distinct, most common {word:?} ({count}), checksum {:016x}",
            stats.words, stats.distinct, stats.checksum
        );
    }
    // Relaxed: every rayon job has been joined by now.
    let overlapped = probe.0.fetched_while_first_ran.load(Ordering::Relaxed);
    assert_eq!(overlapped, DOCS - 1);
    println!("while document 0 was analysed on rayon, the runtime fetched the other {overlapped}");
    println!("same results as a sequential loop over the same documents");
    println!(
        "tokio + rayon, fetch and analyse: {pipelined:?}; analyse only, one thread: {sequential:?} \
         (available_parallelism = {})",
        std::thread::available_parallelism().unwrap()
    );
}
