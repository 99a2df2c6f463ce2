use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex, mpsc};

/// What every check's fetch returns: a body, or an error for `/missing`.
fn body(url: &str) -> Result<String, String> {
    match url {
        "/missing" => Err(format!("404 {url}")),
        _ => Ok(format!("page {url}")),
    }
}

exercises::checks! {
    /// Two workers, three URLs; fetching `/0` waits until `/2` has begun.
    /// So the second worker must fetch `/1`, finish it, and take `/2`, while
    /// the first still waits: `/1` finishes first, and `/0` is never first.
    fn results_come_back_in_input_order() {
        let (began, two_began) = mpsc::channel();
        let two_began = Mutex::new(two_began);
        let got = download_all(&["/0", "/1", "/2"], 2, |url| {
            match url {
                "/0" => two_began.lock().unwrap().recv().expect("`/2` begins"),
                "/2" => began.send(()).unwrap(),
                _ => {}
            }
            body(url)
        });
        assert_eq!(got, [body("/0"), body("/1"), body("/2")]);
    }

    /// Three workers, three URLs: each fetch but the last waits until the
    /// next URL's fetch is done, so they finish in reverse order, and only
    /// a pool that runs all three at once can finish at all (or the
    /// watchdog says so). One of them fails, and only its result is an error.
    fn all_workers_fetch_at_once() {
        let urls = ["/a", "/missing", "/c"];
        let (dones, waits): (Vec<_>, Vec<_>) = (0..urls.len()).map(|_| mpsc::channel::<()>()).unzip();
        let waits: Vec<_> = waits.into_iter().map(Mutex::new).collect();
        let got = download_all(&urls, 3, |url| {
            let i = urls.iter().position(|&u| u == url).expect("one of the URLs");
            if i + 1 < urls.len() {
                waits[i + 1].lock().unwrap().recv().expect("the next fetch finishes");
            }
            let result = body(url);
            dones[i].send(()).unwrap(); // done: the previous fetch may finish
            result
        });
        assert_eq!(got, [body("/a"), body("/missing"), body("/c")]);
    }

    /// Six URLs, three workers. Every fetch waits at a barrier for three: the
    /// high-water mark of fetches in flight is then exactly three, at least
    /// three (or the barrier would never open) and at most `workers`.
    fn never_more_fetches_than_workers() {
        let (now, peak, three) = (AtomicUsize::new(0), AtomicUsize::new(0), Barrier::new(3));
        let urls = ["/0", "/1", "/2", "/3", "/4", "/5"];
        let got = download_all(&urls, 3, |url| {
            // Relaxed: a gauge; the peak is read after `download_all` joined.
            peak.fetch_max(now.fetch_add(1, Ordering::Relaxed) + 1, Ordering::Relaxed);
            three.wait();
            now.fetch_sub(1, Ordering::Relaxed);
            body(url)
        });
        assert_eq!(got, urls.map(body));
        assert_eq!(peak.load(Ordering::Relaxed), 3, "exactly `workers` fetches in flight at the peak");
    }
}
