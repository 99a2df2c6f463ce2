use std::thread;

use ch02_thread_pools::panic_message;
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
