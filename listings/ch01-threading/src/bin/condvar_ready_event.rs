use std::sync::OnceLock;
use std::thread;

// `Event` takes its lock and condition variable from `crate::sync`: std's
// here. Chapter 6 compiles this file against loom's to model-check `Event`.
mod sync {
    pub use std::sync::{Condvar, Mutex};
}
use crate::sync::{Condvar, Mutex};

// ANCHOR: main
/// A one-shot "ready" flag, like Python's `threading.Event`.
#[derive(Default)]
pub struct Event {
    is_set: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    pub fn set(&self) {
        *self.is_set.lock().unwrap() = true;
        self.changed.notify_all(); // wake every waiting thread
    }

    pub fn wait(&self) {
        let is_set = self.is_set.lock().unwrap();
        // wait_while re-checks the flag after every wake-up, spurious or not.
        let _still_locked = self.changed.wait_while(is_set, |set| !*set).unwrap();
    }
}

fn main() {
    let config_loaded = Event::default();
    let config = OnceLock::new(); // written once, then read-only
    thread::scope(|scope| {
        let workers: Vec<_> = (1..=3)
            .map(|id| {
                let (config_loaded, config) = (&config_loaded, &config);
                scope.spawn(move || {
                    config_loaded.wait(); // sleeps until main calls set()
                    let config: &String = config.get().expect("set before the event");
                    format!("worker {id} starts with {config}")
                })
            })
            .collect();
        config.set(String::from("threads=3")).unwrap(); // load first...
        config_loaded.set(); // ...then announce it
        for worker in workers {
            println!("{}", worker.join().unwrap());
        }
    });
}
// ANCHOR_END: main
