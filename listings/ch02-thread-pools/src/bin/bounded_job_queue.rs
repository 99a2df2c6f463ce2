use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender, TrySendError};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send>;

// ANCHOR: worker
/// One worker thread that runs jobs from `queue` until it closes.
fn start_worker(queue: Receiver<Job>) -> JoinHandle<()> {
    thread::spawn(move || {
        for job in queue {
            job();
        }
    })
}

/// A job that holds the worker until `gate` opens; it reports once it is
/// running, so the job has surely left the queue.
fn gated_job(running: Sender<()>, gate: Receiver<()>) -> Job {
    Box::new(move || {
        running.send(()).unwrap();
        gate.recv().unwrap();
    })
}
// ANCHOR_END: worker

/// A job that counts itself in `ran`.
fn counting_job(ran: &Arc<AtomicUsize>) -> Job {
    let ran = Arc::clone(ran);
    Box::new(move || {
        ran.fetch_add(1, Ordering::Relaxed); // a tally, read after the pools are dropped
    })
}

// ANCHOR: unbounded
/// Unbounded, like ThreadPoolExecutor's queue: submitting never waits.
fn unbounded(ran: &Arc<AtomicUsize>) {
    let (queue, jobs) = mpsc::channel::<Job>();
    let worker = start_worker(jobs);
    let ((running_tx, running), (open_gate, gate)) = (mpsc::channel(), mpsc::channel());
    queue.send(gated_job(running_tx, gate)).unwrap();
    running.recv().unwrap(); // the only worker is now held by the gate

    for _ in 0..100_000 {
        queue.send(counting_job(ran)).unwrap(); // accepted and stored, every one
    }
    println!("unbounded: 100000 jobs accepted while the worker was busy");

    open_gate.send(()).unwrap();
    drop(queue);
    worker.join().unwrap();
}
// ANCHOR_END: unbounded

// ANCHOR: bounded
/// Bounded: room for 8 waiting jobs, then the producer is pushed back.
fn bounded(ran: &Arc<AtomicUsize>) {
    let (queue, jobs): (SyncSender<Job>, _) = mpsc::sync_channel(8);
    let worker = start_worker(jobs);
    let ((running_tx, running), (open_gate, gate)) = (mpsc::channel(), mpsc::channel());
    queue.send(gated_job(running_tx, gate)).unwrap();
    running.recv().unwrap(); // the gated job has left the queue: 8 free slots

    let accepted = (0..9)
        .take_while(|_| match queue.try_send(counting_job(ran)) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => false, // Python: put_nowait raises queue.Full
            Err(TrySendError::Disconnected(_)) => unreachable!("the worker is alive"),
        })
        .count();
    println!("bounded: accepted {accepted} jobs, then try_send said Full");
    assert_eq!(accepted, 8);

    // A blocking `send` waits for room instead. While the gate is closed this
    // producer cannot finish, whether it has started yet or not.
    let (producer_queue, job) = (queue.clone(), counting_job(ran));
    let producer = thread::spawn(move || producer_queue.send(job).unwrap());
    assert!(!producer.is_finished());

    open_gate.send(()).unwrap(); // the worker drains the queue: send gets room
    producer.join().unwrap();
    drop(queue);
    worker.join().unwrap();
}
// ANCHOR_END: bounded

fn main() {
    let ran = Arc::new(AtomicUsize::new(0));
    unbounded(&ran);
    bounded(&ran);
    assert_eq!(ran.load(Ordering::Relaxed), 100_000 + 8 + 1);
    println!("all {} counting jobs ran", ran.load(Ordering::Relaxed));
}
