use std::sync::mpsc;
use std::thread;

// ANCHOR: main
fn main() {
    let (tx, rx) = mpsc::channel::<(u32, u32)>();
    let mut producers = Vec::new();
    for producer in 1..=3 {
        let tx = tx.clone(); // each producer owns a Sender
        producers.push(thread::spawn(move || {
            for item in 1..=2 {
                tx.send((producer, item)).unwrap();
            }
        })); // this producer's `tx` is dropped when its thread ends
    }
    drop(tx); // main's own Sender; keep it and the loop below never ends

    // The iterator yields until every Sender is gone and the queue is empty.
    let arrival_order: Vec<(u32, u32)> = rx.iter().collect();
    producers.into_iter().for_each(|p| p.join().unwrap());

    let mut sorted = arrival_order.clone();
    sorted.sort(); // arrival order varies from run to run; sorted is stable
    for (producer, item) in &sorted {
        println!("producer {producer} sent item {item}");
    }
    println!("{} messages, then the channel closed", arrival_order.len());
    assert_each_producer_in_order(&arrival_order);
}
// ANCHOR_END: main

/// Messages from one Sender arrive in the order it sent them, whatever the
/// interleaving between producers.
fn assert_each_producer_in_order(arrivals: &[(u32, u32)]) {
    for producer in 1..=3 {
        let items: Vec<u32> = arrivals
            .iter()
            .filter(|(p, _)| *p == producer)
            .map(|(_, item)| *item)
            .collect();
        assert_eq!(items, [1, 2], "producer {producer} out of order");
    }
}
