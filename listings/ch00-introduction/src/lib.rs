//! Code shared by the Introduction's listings.

use std::ops::Range;

/// How many primes lie in `numbers`, by deliberately plain trial division:
/// CPU work that is the same on every run.
pub fn count_primes(numbers: Range<u64>) -> usize {
    let is_prime = |n: u64| {
        n >= 2
            && (2..)
                .take_while(|d| d * d <= n)
                .all(|d| !n.is_multiple_of(d))
    };
    numbers.filter(|&n| is_prime(n)).count()
}
