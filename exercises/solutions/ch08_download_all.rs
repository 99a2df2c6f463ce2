// ch08-download-all: a fixed pool of workers, results in input order.

use std::sync::Mutex;
use std::thread;

/// Fetches every URL with `fetch` on exactly `workers` scoped threads (at
/// least one): each worker takes the next URL from a shared queue whenever
/// it is free, so at most `workers` fetches run at once. A failed fetch is
/// that URL's `Err`, and does not stop the others. The results are in the
/// order of `urls`, whatever order the fetches finish in.
pub fn download_all<E: Send>(urls: &[&str], workers: usize, fetch: impl Fn(&str) -> Result<String, E> + Sync) -> Vec<Result<String, E>> {
    assert!(workers > 0, "at least one worker");
    // exercise: solution
    let queue = Mutex::new(urls.iter().enumerate());
    let finished = Mutex::new(Vec::with_capacity(urls.len()));
    thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap().next(); // locked for this line only
                    let Some((index, url)) = next else { break };
                    let result = fetch(url);
                    finished.lock().unwrap().push((index, result));
                }
            });
        }
    });
    let mut finished = finished.into_inner().unwrap(); // in the order they finished
    finished.sort_by_key(|&(index, _)| index);
    finished.into_iter().map(|(_, result)| result).collect()
    // exercise: stub
    // todo!("start `workers` scoped threads that take URLs from a shared queue and fetch them; return the results in URL order")
    // exercise: end
}
