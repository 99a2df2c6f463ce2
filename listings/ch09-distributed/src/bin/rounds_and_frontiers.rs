//! Progress in timely: the input feeds five rounds, each stamped with its
//! round number; a probe on the output says when a round's frontier has
//! passed, and from then on that round's count is final.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use ch09_distributed::{count_primes_in, is_prime, slice_of};
use timely::dataflow::operators::vec::Filter;
use timely::dataflow::operators::{Exchange, Input, Inspect, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};

const ROUNDS: u64 = 5;
const PER_ROUND: u64 = 20_000;
const WORKERS: usize = 2;

// ANCHOR: main
fn main() {
    let config = timely::Config::process(WORKERS);
    let guards = timely::execute(config, |worker| {
        let (me, peers) = (worker.index(), worker.peers());
        let (mut input, probe) = (InputHandle::new(), ProbeHandle::new());
        let tally = Rc::new(RefCell::new(BTreeMap::<u64, u64>::new()));
        let closed = Rc::new(RefCell::new(0)); // rounds below this are final
        let (tally_in, closed_in) = (tally.clone(), closed.clone());
        worker.dataflow::<u64, _, _>(|scope| {
            (scope.input_from(&mut input).container::<Vec<(u64, u64)>>())
                .exchange(|&(_round, k)| k)
                .filter(|&(_round, k)| is_prime(k))
                .exchange(|_| 0) // every prime to worker 0, which tallies
                .inspect(move |&(round, _k)| {
                    assert!(round >= *closed_in.borrow(), "late for round {round}");
                    *tally_in.borrow_mut().entry(round).or_default() += 1;
                })
                .probe_with(&probe);
        });
        for round in 0..ROUNDS {
            let numbers = round * PER_ROUND..(round + 1) * PER_ROUND;
            for k in slice_of(PER_ROUND, me, peers) {
                input.send((round, numbers.start + k)); // stamped `round`
            }
            input.advance_to(round + 1); // no more data stamped `round` from me
            while probe.less_than(input.time()) {
                worker.step(); // some record at `round` or earlier may be in flight
            }
            *closed.borrow_mut() = round + 1; // the frontier has passed `round`
            if me == 0 {
                let primes = tally.borrow().get(&round).copied().unwrap_or(0);
                assert_eq!(primes, count_primes_in(numbers.clone()), "round {round}");
                println!(
                    "round {round}: {primes} primes in {numbers:?}, final once the frontier passed {round}"
                );
            }
        }
    });
    for worker in guards.unwrap().join() {
        worker.expect("a worker panicked");
    }
}
// ANCHOR_END: main
