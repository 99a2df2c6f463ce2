//! asyncio's event loop, three ways: a current-thread runtime (one thread,
//! like asyncio), the multi-thread default, and a `LocalSet` for `!Send` tasks.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread;
use tokio::runtime::Builder;
use tokio::task::{JoinSet, LocalSet};

// ANCHOR: current_thread
fn current_thread_loop() {
    // One thread drives every task: the closest thing to asyncio's loop.
    let runtime = Builder::new_current_thread().enable_all().build().unwrap();
    let caller = thread::current().id();
    let threads = runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for _ in 0..3 {
            tasks.spawn(async { thread::current().id() });
        }
        tasks.join_all().await
    });
    assert!(threads.iter().all(|&id| id == caller));
    println!("current_thread: 3 tasks ran on the thread that called block_on");
}
// ANCHOR_END: current_thread

// ANCHOR: multi_thread
fn multi_thread_default() {
    // What #[tokio::main] builds: a pool of worker threads.
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let names = runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for _ in 0..3 {
            tasks.spawn(async { thread::current().name().map(String::from) });
        }
        tasks.join_all().await
    });
    assert!(
        names
            .iter()
            .all(|n| n.as_deref() == Some("tokio-rt-worker"))
    );
    println!("multi_thread: 3 tasks ran on worker threads named tokio-rt-worker");
}
// ANCHOR_END: multi_thread

// ANCHOR: local_set
fn local_set_for_rc() {
    let runtime = Builder::new_current_thread().enable_all().build().unwrap();
    let log = Rc::new(RefCell::new(Vec::new())); // Rc: not Send
    let local = LocalSet::new();
    local.block_on(&runtime, async {
        let mut handles = Vec::new();
        for n in 1..=3 {
            let log = Rc::clone(&log);
            handles.push(tokio::task::spawn_local(async move {
                tokio::task::yield_now().await; // let the others run
                log.borrow_mut().push(n);
            }));
        }
        for handle in handles {
            handle.await.unwrap();
        }
    });
    let mut seen = log.take();
    seen.sort(); // the order the tasks ran in is the scheduler's business
    assert_eq!(seen, [1, 2, 3]);
    println!("LocalSet: 3 spawn_local tasks pushed {seen:?} into one Rc<RefCell<Vec>>");
}
// ANCHOR_END: local_set

fn main() {
    current_thread_loop();
    multi_thread_default();
    local_set_for_rc();
}
