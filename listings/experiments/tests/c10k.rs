//! The c10k experiment, tiny: every server holds all 50 connections and
//! echoes every round trip. Nothing here looks at a timing or a memory figure.

mod common;

const CONNECTIONS: &str = "50";
const ROUND_TRIPS: &str = "100"; // 50 connections × 2 rounds

#[test]
fn every_server_holds_and_echoes_every_connection() {
    let run = common::run_tiny("c10k");
    let markdown = &run.markdown;
    let mut servers = vec![
        "tokio, one task per connection",
        "tokio current-thread, one task per connection",
        "tokio, readiness only: no buffer per connection",
        "std threads, one per connection (64 KiB stacks)",
    ];
    if !markdown.contains("python3 was not found") {
        // uvloop is optional: its row is there, or one line says why not.
        if !markdown.contains("so the uvloop row was skipped") {
            servers.push("Python asyncio on uvloop, one task per connection");
        }
        servers.push("Python asyncio, one task per connection");
    }
    let memory = common::table_rows(markdown, "Server memory with 50 loopback connections");
    let echo = common::table_rows(markdown, "2 echo round trips of 64 bytes");
    for (rows, table) in [(&memory, "memory"), (&echo, "echo")] {
        let names: Vec<&str> = rows.iter().map(|row| row[0]).collect();
        assert_eq!(names, servers, "the {table} table's servers");
    }
    for row in &memory {
        assert_eq!(row[1], CONNECTIONS, "connections held: {row:?}");
    }
    // The main thread and one per connection: checked by the experiment too.
    let threads = |server: &str| memory.iter().find(|row| row[0] == server).unwrap()[2];
    assert_eq!(
        threads("std threads, one per connection (64 KiB stacks)"),
        "51",
        "threads of the thread server"
    );
    // Both tokio servers run the same runtime: their threads do not grow
    // with the connections, and the lean one adds none.
    assert_eq!(
        threads("tokio, readiness only: no buffer per connection"),
        threads("tokio, one task per connection"),
        "threads of the two tokio servers"
    );
    // The current-thread server runs the tokio task on one thread.
    assert_eq!(
        threads("tokio current-thread, one task per connection"),
        "1",
        "threads of the current-thread server"
    );
    assert!(
        markdown.contains("The lean tokio server keeps none"),
        "no note on the lean server's buffers in:\n{markdown}"
    );
    for row in &echo {
        assert_eq!(row[1], ROUND_TRIPS, "round trips echoed: {row:?}");
    }
    assert!(
        markdown.contains("echoed all 100 round trips (50 connections × 2) byte for byte"),
        "no summary of the echoes in:\n{markdown}"
    );
    assert!(
        markdown.contains("every child process was reaped"),
        "{markdown}"
    );
    assert!(run.stdout.contains("c10k took"), "{}", run.stdout);
    assert!(
        run.svg.contains("Server RSS") && run.svg.contains("round trips"),
        "chart labels"
    );
}
