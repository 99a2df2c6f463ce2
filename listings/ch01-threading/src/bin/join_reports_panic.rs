use std::any::Any;
use std::thread;

// ANCHOR: main
fn main() {
    let healthy = thread::spawn(|| 6 * 7);
    let broken = thread::spawn(|| {
        // A bug: unwrap on bad input panics, and the panic ends this thread only.
        "forty-two".parse::<u32>().unwrap()
    });

    let healthy = healthy.join();
    println!("healthy thread: {healthy:?}");
    assert!(matches!(healthy, Ok(42)));
    match broken.join() {
        Ok(value) => unreachable!("\"forty-two\" cannot parse, yet gave {value}"),
        Err(payload) => println!("broken thread panicked: {}", panic_message(&*payload)),
    }
    println!("main is still running");
}
// ANCHOR_END: main

/// The text a panic carried: `panic!` with a literal gives `&str`, with
/// formatting (as `unwrap` uses) a `String`.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "<non-text panic payload>"
    }
}
