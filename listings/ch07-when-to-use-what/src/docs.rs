//! The chapter's "documents" and the CPU-bound analysis done on each: the
//! same pure functions serve the server, the pipeline and the sequential
//! check, so their results can be compared exactly.

use std::collections::HashMap;

const VOCABULARY: [&str; 16] = [
    "the", "a", "thread", "task", "core", "lock", "queue", "future", "await", "pool", "process",
    "pipe", "socket", "rayon", "tokio", "channel",
];

/// Document `id`: a few tens of thousands of words, always the same for the
/// same `id` (a small linear congruential generator picks them).
pub fn document(id: usize) -> String {
    let words = 20_000 + 1_000 * id;
    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ id as u64;
    let mut text = String::with_capacity(words * 7);
    for _ in 0..words {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // Squaring the index skews the counts, so one word wins clearly.
        let pick = (state >> 33) % 16;
        text.push_str(VOCABULARY[(pick * pick / 16) as usize]);
        text.push(' ');
    }
    text
}

/// What the CPU-bound step computes for one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub words: usize,
    pub distinct: usize,
    pub most_common: (String, usize),
    /// FNV-1a over the document's bytes.
    pub checksum: u64,
}

/// Count the words and hash the bytes: pure CPU work, no I/O.
pub fn analyse(text: &str) -> Stats {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_default() += 1;
    }
    let (word, count) = counts
        .iter()
        // Highest count first; on a tie, the alphabetically first word.
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(w, c)| (w.to_string(), *c))
        .unwrap_or_default();
    let checksum = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    Stats {
        words: counts.values().sum(),
        distinct: counts.len(),
        most_common: (word, count),
        checksum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_reproducible_and_analysed_exactly() {
        assert_eq!(document(3), document(3));
        let stats = analyse("b a b c b a");
        assert_eq!(stats.words, 6);
        assert_eq!(stats.distinct, 3);
        assert_eq!(stats.most_common, ("b".to_string(), 3));
        assert_eq!(analyse(&document(2)).words, 22_000);
    }
}
