// ch02-first-longest: the first longest word, in parallel.

use rayon::prelude::*;

/// The longest word, and of several equally long, the first; `None` for no
/// words. rayon may split the slice anywhere and combine the parts on any
/// thread, but it combines them in order, left before right.
pub fn first_longest<'a>(words: &[&'a str]) -> Option<&'a str> {
    // exercise: solution
    words
        .par_iter()
        .copied()
        .reduce_with(|left, right| if right.len() > left.len() { right } else { left })
    // exercise: stub
    // todo!("reduce the words in parallel, keeping the left word unless the right one is longer")
    // exercise: end
}
