use std::mem::{align_of, size_of};
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use crossbeam_utils::CachePadded;

// ANCHOR: main
const THREADS: usize = 4;
const PER_THREAD: u64 = 250_000;
type Slot = CachePadded<AtomicU64>;

/// The 64-byte lines that the 8 bytes of the atomic at `slot` touch.
fn lines(slot: &AtomicU64) -> RangeInclusive<usize> {
    let start = slot as *const AtomicU64 as usize;
    start / 64..=(start + size_of::<AtomicU64>() - 1) / 64
}

fn main() {
    let padded: Vec<Slot> = (0..THREADS).map(|_| Slot::default()).collect();
    let (align, size) = (align_of::<Slot>(), size_of::<Slot>());
    println!("CachePadded<AtomicU64>: align {align}, size {size}");
    assert!(align >= 64);
    for pair in padded.windows(2) {
        // The next slot's first line comes after this slot's last line.
        assert!(lines(&pair[1]).start() > lines(&pair[0]).end());
    }

    // Unpadded, four 8-byte slots fill 32 bytes: two must share a line.
    let packed: [AtomicU64; THREADS] = Default::default();
    let share_a_line = |p: &[AtomicU64]| lines(&p[0]).end() == lines(&p[1]).start();
    assert!(packed.windows(2).any(share_a_line));

    thread::scope(|s| {
        for slot in &padded {
            s.spawn(move || {
                for _ in 0..PER_THREAD {
                    slot.fetch_add(1, Ordering::Relaxed); // this thread's line only
                }
            });
        }
    }); // every thread joined: the slots are final
    let total: u64 = padded.iter().map(|slot| slot.load(Ordering::Relaxed)).sum();
    println!("{THREADS} shards, total {total}");
    assert_eq!(total, THREADS as u64 * PER_THREAD);
}
// ANCHOR_END: main
