//! What chapter 9's listings share: chapter 3's CPU-bound job, cut into
//! pieces a dataflow can spread over workers.

/// Is `k` prime? Trial division, as in chapter 3's `count_primes_below`.
pub fn is_prime(k: u64) -> bool {
    k >= 2
        && (2..)
            .take_while(|d| d * d <= k)
            .all(|d| !k.is_multiple_of(d))
}

/// The sequential answer every distributed run is checked against.
pub fn count_primes_in(range: std::ops::Range<u64>) -> u64 {
    range.filter(|&k| is_prime(k)).count() as u64
}

/// Worker `index` of `peers` feeds this contiguous slice of `0..bound`.
pub fn slice_of(bound: u64, index: usize, peers: usize) -> std::ops::Range<u64> {
    let (index, peers) = (index as u64, peers as u64);
    bound * index / peers..bound * (index + 1) / peers
}

pub mod cluster;
pub mod dataflow;
