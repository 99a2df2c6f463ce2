//! The c10k experiment, tiny: every server holds all 50 connections and
//! echoes every round trip. Nothing here looks at a timing or a memory figure.

mod common;

const CONNECTIONS: &str = "50";
const ROUND_TRIPS: &str = "100"; // 50 connections × 2 rounds

/// The cells of the first Markdown table row that starts with `label`.
fn first_row<'a>(markdown: &'a str, label: &str) -> Vec<&'a str> {
    let row = markdown
        .lines()
        .find(|line| line.starts_with(&format!("| {label}")))
        .unwrap_or_else(|| panic!("no row for {label:?} in:\n{markdown}"));
    row.trim_matches('|').split('|').map(str::trim).collect()
}

/// The cells of every Markdown table row that starts with `label`.
fn rows<'a>(markdown: &'a str, label: &str) -> Vec<Vec<&'a str>> {
    markdown
        .lines()
        .filter(|line| line.starts_with(&format!("| {label}")))
        .map(|row| row.trim_matches('|').split('|').map(str::trim).collect())
        .collect()
}

#[test]
fn every_server_holds_and_echoes_every_connection() {
    let run = common::run_tiny("c10k");
    let markdown = &run.markdown;
    let mut servers = vec!["tokio", "std threads"];
    if !markdown.contains("python3 was not found") {
        servers.push("Python asyncio");
    }
    for server in servers {
        let memory = first_row(markdown, server);
        assert_eq!(
            memory[1], CONNECTIONS,
            "connections for {server}: {memory:?}"
        );
        let echoed = rows(markdown, server)
            .into_iter()
            .any(|cells| cells[1] == ROUND_TRIPS);
        assert!(
            echoed,
            "no row says {server} echoed {ROUND_TRIPS} round trips:\n{markdown}"
        );
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
