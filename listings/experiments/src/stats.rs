//! Medians and percentiles of timings, one definition for every experiment.

use std::time::Duration;

/// The `fraction` quantile of `sorted` (ascending): linear interpolation
/// between the two nearest ranks, as numpy's `percentile` and Python's
/// `statistics.quantiles(method="inclusive")` do. So `percentile(s, 0.5)` is
/// the median: the middle value, or the mean of the middle two.
pub fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    assert!(!sorted.is_empty(), "no samples");
    assert!((0.0..=1.0).contains(&fraction), "fraction {fraction}");
    debug_assert!(sorted.is_sorted(), "samples must be sorted");
    let rank = (sorted.len() - 1) as f64 * fraction;
    let below = sorted[rank.floor() as usize];
    let above = sorted[rank.ceil() as usize];
    below + (above - below).mul_f64(rank.fract())
}

/// The median of unsorted samples.
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    percentile(&samples, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(ms(&[9, 1, 5])), Duration::from_millis(5));
        assert_eq!(median(ms(&[4, 1, 2, 3])), Duration::from_micros(2_500));
        assert_eq!(median(ms(&[7])), Duration::from_millis(7));
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        let sorted = ms(&(1..=101).collect::<Vec<_>>());
        assert_eq!(percentile(&sorted, 0.0), Duration::from_millis(1));
        assert_eq!(percentile(&sorted, 0.1), Duration::from_millis(11));
        assert_eq!(percentile(&sorted, 0.99), Duration::from_millis(100));
        assert_eq!(percentile(&sorted, 1.0), Duration::from_millis(101));
        let two = ms(&[10, 20]);
        assert_eq!(percentile(&two, 0.9), Duration::from_millis(19));
    }
}
