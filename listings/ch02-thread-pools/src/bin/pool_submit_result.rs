use std::any::Any;
use std::thread;

use ch02_thread_pools::pool::ThreadPool;

// ANCHOR: main
fn main() {
    let pool = ThreadPool::new(1); // one worker, so a dead worker would show

    let square = pool.submit(|| 12 * 12);
    let parse = pool.submit(|| "forty-two".parse::<u32>().unwrap()); // panics

    // future.result(): wait, then get the value...
    println!("square: {:?}", square.join());
    // ...or the failure (future.exception()).
    match parse.join() {
        Ok(n) => println!("parse: Ok({n})"),
        Err(payload) => println!("parse: Err({})", panic_message(&*payload)),
    }

    // The panic cost one job, not the worker: the same thread runs the next.
    let worker = pool.submit(|| thread::current().name().unwrap().to_owned());
    println!("next job ran on {}", worker.join().unwrap());
}
// ANCHOR_END: main

/// The text a panic carried (`&str` or `String`).
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "<non-text panic payload>"
    }
}
