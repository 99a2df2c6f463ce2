//! The prime count as a dataflow, built by every worker alike: the same
//! code runs with threads in one process (listing 9-2) or with processes
//! over TCP (listing 9-3).

use std::cell::RefCell;
use std::rc::Rc;

use timely::dataflow::operators::vec::Filter;
use timely::dataflow::operators::{Exchange, Input, Inspect, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::worker::Worker;

use crate::{is_prime, slice_of};

/// What one worker did: the keys the exchange routed to it, and the primes
/// among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Share {
    pub worker: usize,
    pub keys: u64,
    pub primes: u64,
}

// ANCHOR: main
/// Worker `me` feeds its slice of `0..bound`; the exchange routes each
/// number k to worker k % peers, which tests it.
pub fn primes_in_my_partition(worker: &mut Worker, bound: u64) -> Share {
    let (me, peers) = (worker.index(), worker.peers());
    let mut input = InputHandle::new();
    let probe = ProbeHandle::new();
    let seen = Rc::new(RefCell::new(Vec::new())); // keys routed to this worker
    let primes = Rc::new(RefCell::new(0_u64));
    let (seen_in, primes_in) = (seen.clone(), primes.clone());
    worker.dataflow::<u64, _, _>(|scope| {
        (scope.input_from(&mut input).container::<Vec<u64>>())
            .exchange(|k| *k) // the route: worker k % peers
            .inspect(move |k| seen_in.borrow_mut().push(*k))
            .filter(|k| is_prime(*k))
            .inspect(move |_| *primes_in.borrow_mut() += 1)
            .probe_with(&probe);
    });
    for k in slice_of(bound, me, peers) {
        input.send(k); // a contiguous slice: mostly other workers' keys
    }
    input.close(); // no more input, at any time
    while !probe.done() {
        worker.step(); // run operators, move data, until the output is final
    }
    let seen = seen.take();
    let mine = |k: &u64| k % peers as u64 == me as u64;
    assert!(seen.iter().all(mine), "worker {me} got another's key");
    assert_eq!(seen.len(), (0..bound).filter(mine).count(), "keys lost");
    let (keys, primes) = (seen.len() as u64, primes.take());
    Share {
        worker: me,
        keys,
        primes,
    }
}
// ANCHOR_END: main
