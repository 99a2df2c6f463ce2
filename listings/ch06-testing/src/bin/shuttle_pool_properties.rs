use std::panic;
use std::time::Instant;

use ch06_testing::first_line;
use ch06_testing::pool::ThreadPool;
use shuttle::sync::{Arc, Mutex};

// ANCHOR: properties
/// Every submitted job runs exactly once, and its handle gets its value.
fn each_job_runs_once() {
    let pool = ThreadPool::new(2);
    let runs = Arc::new(Mutex::new([0; 3]));
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let runs = Arc::clone(&runs);
            pool.submit(move || {
                runs.lock().unwrap()[i] += 1;
                i * 10
            })
        })
        .collect();
    for (i, handle) in handles.into_iter().enumerate() {
        assert_eq!(handle.join().unwrap(), i * 10);
    }
    drop(pool);
    assert_eq!(*runs.lock().unwrap(), [1, 1, 1], "a job ran twice or never");
}

/// Dropping the pool waits for every queued job, joined or not.
fn drop_waits_for_queued_jobs() {
    let done = Arc::new(Mutex::new(0));
    let pool = ThreadPool::new(2);
    for _ in 0..3 {
        let done = Arc::clone(&done);
        drop(pool.submit(move || *done.lock().unwrap() += 1)); // handle unused
    }
    drop(pool);
    assert_eq!(
        *done.lock().unwrap(),
        3,
        "drop returned before every job ran"
    );
}
// ANCHOR_END: properties

// ANCHOR: main
/// A panicking job becomes its handle's `Err`; the worker lives on.
fn panic_becomes_err() {
    let pool = ThreadPool::new(1); // one worker: it must survive the panic
    let bad = pool.submit(|| -> u32 { panic!("planted job panic") });
    let good = pool.submit(|| 7);
    assert_eq!(first_line(&*bad.join().unwrap_err()), "planted job panic");
    assert_eq!(good.join().unwrap(), 7);
}

fn main() {
    hush_planted_job_panic(); // see below
    let properties: [(&str, fn()); 3] = [
        ("each job runs once", each_job_runs_once),
        ("drop waits for queued jobs", drop_waits_for_queued_jobs),
        ("a panicking job becomes Err", panic_becomes_err),
    ];
    for (name, property) in properties {
        let start = Instant::now();
        shuttle::check_random(property, 1000); // 1000 random schedules
        shuttle::check_pct(property, 1000, 3); // 1000 PCT schedules, depth 3
        println!("{name}: 2000 schedules passed in {:.2?}", start.elapsed());
    }
}
// ANCHOR_END: main

/// shuttle's panic hook reports every panic, even one the pool catches.
/// Install it (shuttle does so at its first run), then wrap it so that it
/// hears every panic but the planted job panic.
fn hush_planted_job_panic() {
    shuttle::check_random(|| {}, 1);
    let shuttle_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if first_line(info.payload()) != "planted job panic" {
            shuttle_hook(info);
        }
    }));
}
