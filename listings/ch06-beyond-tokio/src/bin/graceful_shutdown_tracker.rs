//! Graceful shutdown of a small loopback echo server: a `CancellationToken`
//! tells every task to stop, a `TaskTracker` waits until they have.

use std::net::SocketAddr;

use ch06_beyond_tokio::live::{LiveCount, LiveGuard};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

// ANCHOR: server
/// The accept loop: one tracked task per connection, until cancelled.
async fn serve(
    listener: TcpListener,
    tracker: TaskTracker,
    token: CancellationToken,
    live: LiveCount,
) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break, // stop accepting
            accepted = listener.accept() => match accepted {
                Ok((socket, _)) => {
                    tracker.spawn(connection(socket, token.clone(), live.guard()));
                }
                // EMFILE, ECONNABORTED...: transient. Log, back off, go on.
                Err(error) => {
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            },
        }
    }
} // the listener is dropped here: new connections are refused

/// Echo lines until the client hangs up or the server shuts down.
async fn connection(socket: TcpStream, token: CancellationToken, _alive: LiveGuard) {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            _ = token.cancelled() => {
                writer.write_all(b"bye\n").await.unwrap(); // say goodbye, then close
                break;
            }
            line = lines.next_line() => match line.unwrap() {
                Some(line) => writer.write_all(format!("echo {line}\n").as_bytes()).await.unwrap(),
                None => break, // the client hung up
            },
        }
    }
} // dropping the write half sends FIN: the client reads end of file
// ANCHOR_END: server

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let tracker = TaskTracker::new();
    let (token, live) = (CancellationToken::new(), LiveCount::default());
    let server = serve(listener, tracker.clone(), token.clone(), live.clone());
    tracker.spawn(server);

    let mut clients = Vec::new();
    for i in 0..3 {
        clients.push(connect_and_say_hello(address, i).await); // hidden helper
    }
    println!("3 clients answered; live connection tasks: {}", live.get());

    token.cancel(); // 1. ask every task to stop
    tracker.close(); // 2. no more tasks will be added: wait() may now finish
    tracker.wait().await; // 3. until every tracked task has returned
    let live_now = live.get();
    println!("tracker.wait() returned; live connection tasks: {live_now}");
    assert_eq!((live_now, tracker.len()), (0, 0));

    for (i, client) in clients.iter_mut().enumerate() {
        let (mut last, mut after) = (String::new(), String::new());
        client.read_line(&mut last).await.unwrap();
        let eof = client.read_line(&mut after).await.unwrap() == 0;
        println!(
            "client {i} read {:?}, then end of file: {eof}",
            last.trim_end()
        );
        assert!(last == "bye\n" && eof);
    }
}
// ANCHOR_END: main

/// Connects, sends "hello {i}" and checks the echo, so that the connection
/// task is known to be running before the shutdown starts.
async fn connect_and_say_hello(address: SocketAddr, i: usize) -> BufReader<TcpStream> {
    let mut client = BufReader::new(TcpStream::connect(address).await.unwrap());
    let hello = format!("hello {i}\n");
    client.get_mut().write_all(hello.as_bytes()).await.unwrap();
    let mut reply = String::new();
    client.read_line(&mut reply).await.unwrap();
    assert_eq!(reply, format!("echo {hello}"));
    client
}
