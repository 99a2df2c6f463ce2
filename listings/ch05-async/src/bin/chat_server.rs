//! A chat server: one task per client, a `broadcast` channel for fan-out, a
//! `select!` per client, and a graceful shutdown with a `CancellationToken`.

use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Barrier, broadcast};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

// ANCHOR: accept
/// One line said by one client: (the speaker's id, the text).
type Said = (usize, String);

async fn serve(listener: TcpListener, shutdown: CancellationToken, tracker: TaskTracker) {
    let (hub, _) = broadcast::channel::<Said>(64);
    for id in 1.. {
        let socket = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((socket, _)) => socket,
                Err(error) => {
                    // EMFILE, ECONNABORTED...: transient. Log, back off, go on.
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = shutdown.cancelled() => return, // stop accepting
        };
        let (hub, from_hub, shutdown) = (hub.clone(), hub.subscribe(), shutdown.clone());
        tracker.spawn(client_session(id, socket, hub, from_hub, shutdown));
    }
}
// ANCHOR_END: accept

// ANCHOR: session
async fn client_session(
    id: usize,
    socket: TcpStream,
    hub: broadcast::Sender<Said>,
    mut from_hub: broadcast::Receiver<Said>,
    shutdown: CancellationToken,
) {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    // Subscribed before this line goes out: the client may start talking.
    writer
        .write_all(format!("welcome client{id}\n").as_bytes())
        .await
        .unwrap();
    loop {
        tokio::select! {
            line = lines.next_line() => match line.unwrap() {
                Some(text) => { hub.send((id, text)).unwrap(); }
                None => break, // the client hung up
            },
            said = from_hub.recv() => match said {
                Ok((speaker, text)) if speaker != id => {
                    writer.write_all(format!("client{speaker}: {text}\n").as_bytes()).await.unwrap();
                }
                Ok(_) => {} // this client's own line
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    // Fell more than 64 behind: the oldest are gone. Go on.
                    eprintln!("client{id} missed {missed} messages");
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            () = shutdown.cancelled() => {
                writer.write_all(b"server shutting down\n").await.unwrap();
                break;
            }
        }
    }
}
// ANCHOR_END: session

const CLIENTS: usize = 3;
const LINES_EACH: usize = 2;

// ANCHOR: client
/// Connects, waits for the welcome, says its lines once everyone is in, and
/// returns the set of lines it received from the others.
async fn client(
    addr: std::net::SocketAddr,
    all_in: Arc<Barrier>,
    done: Arc<Barrier>,
) -> BTreeSet<String> {
    let socket = TcpStream::connect(addr).await.unwrap();
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    let welcome = lines.next_line().await.unwrap().unwrap();
    let me = welcome.strip_prefix("welcome ").unwrap().to_string();
    all_in.wait().await; // every client is subscribed before anyone talks
    for n in 1..=LINES_EACH {
        writer
            .write_all(format!("hello {n} from {me}\n").as_bytes())
            .await
            .unwrap();
    }
    let mut heard = BTreeSet::new();
    while heard.len() < (CLIENTS - 1) * LINES_EACH {
        heard.insert(lines.next_line().await.unwrap().unwrap());
    }
    done.wait().await; // everyone heard everything: time to shut down
    assert_eq!(
        lines.next_line().await.unwrap().as_deref(),
        Some("server shutting down")
    );
    assert_eq!(lines.next_line().await.unwrap(), None); // then end of stream
    heard
}
// ANCHOR_END: client

// ANCHOR: main
#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (shutdown, tracker) = (CancellationToken::new(), TaskTracker::new());
    let server = tokio::spawn(serve(listener, shutdown.clone(), tracker.clone()));

    let all_in = Arc::new(Barrier::new(CLIENTS));
    let done = Arc::new(Barrier::new(CLIENTS + 1)); // the clients and main
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| tokio::spawn(client(addr, all_in.clone(), done.clone())))
        .collect();
    done.wait().await;
    shutdown.cancel(); // the accept loop and every session see it
    server.await.unwrap();
    tracker.close();
    tracker.wait().await; // every session has finished
    // ANCHOR_END: main

    let mut everyone = BTreeSet::new();
    for handle in clients {
        let heard = handle.await.unwrap();
        // Each client heard exactly the others' lines, never its own.
        let speakers: BTreeSet<_> = heard
            .iter()
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect();
        assert_eq!(speakers.len(), CLIENTS - 1);
        for line in &heard {
            let (speaker, text) = line.split_once(": ").unwrap();
            assert!(text.ends_with(&format!("from {speaker}")));
        }
        everyone.extend(heard);
    }
    let expected: BTreeSet<String> = (1..=CLIENTS)
        .flat_map(|c| (1..=LINES_EACH).map(move |n| format!("client{c}: hello {n} from client{c}")))
        .collect();
    assert_eq!(everyone, expected);
    println!(
        "{CLIENTS} clients, {LINES_EACH} lines each; every client heard the other {} lines:",
        (CLIENTS - 1) * LINES_EACH
    );
    for line in &everyone {
        println!("  {line}");
    }
    println!(
        "shutdown: accept loop stopped, {} sessions closed, tracker empty",
        CLIENTS
    );
    assert!(tracker.is_empty());
}
