use std::sync::mpsc::{self, TrySendError};
use std::thread;

// ANCHOR: main
fn main() {
    let (tx, rx) = mpsc::sync_channel::<u32>(2); // room for two messages
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();

    // The buffer is full, so a third message is refused, not queued.
    match tx.try_send(3) {
        Err(TrySendError::Full(refused)) => println!("buffer full: {refused} refused"),
        other => panic!("expected Full, got {other:?}"),
    }

    // A blocking `send` waits for room instead of failing.
    let producer = thread::spawn(move || {
        tx.send(3).unwrap(); // cannot complete until main receives
        tx.send(4).unwrap();
    }); // `tx` drops here, which closes the channel
    assert!(!producer.is_finished(), "send(3) cannot have completed yet");

    println!("received {}", rx.recv().unwrap()); // frees one slot
    let rest: Vec<u32> = rx.iter().collect(); // the producer can now finish
    producer.join().unwrap();
    println!("then received {rest:?}");
    assert_eq!(rest, [2, 3, 4]); // one sender: first in, first out
}
// ANCHOR_END: main
