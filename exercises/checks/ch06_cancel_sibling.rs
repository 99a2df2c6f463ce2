use std::cell::RefCell;
use std::sync::mpsc;

/// Sends once, when the thread that holds it in a thread-local ends: after
/// the job and everything its thread did once the job had returned.
struct SaysWhenItsThreadEnds(mpsc::Sender<()>);

impl Drop for SaysWhenItsThreadEnds {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

thread_local! {
    static AT_THREAD_END: RefCell<Option<SaysWhenItsThreadEnds>> = const { RefCell::new(None) };
}

/// A job that fails at once with `error`; `ended` hears when its thread has
/// ended.
fn failing<'a>(error: &'static str, ended: mpsc::Sender<()>) -> Job<'a, u64, &'static str> {
    Box::new(move |_| {
        AT_THREAD_END.with(|slot| *slot.borrow_mut() = Some(SaysWhenItsThreadEnds(ended)));
        Err(error)
    })
}

/// A job that would loop forever, counting rounds, if nobody raised the
/// flag. It reports on `verdict` whether the flag stopped it, or whether the
/// failing job's thread ended (`failed_ended`) with the flag still down.
fn sibling<'a>(failed_ended: mpsc::Receiver<()>, verdict: mpsc::Sender<Result<u64, String>>) -> Job<'a, u64, &'static str> {
    Box::new(move |stop| {
        let mut rounds = 0;
        loop {
            // Look here first: if the failing thread has ended, the flag it
            // raised before ending is visible below.
            let ended = failed_ended.try_recv().is_ok();
            if stop.is_raised() {
                verdict.send(Ok(rounds)).unwrap();
                return Ok(rounds);
            }
            if ended {
                let why = "the failing job's thread ended, and the flag was still down".to_string();
                verdict.send(Err(why)).unwrap();
                return Ok(rounds);
            }
            rounds += 1;
        }
    })
}

exercises::checks! {
    fn without_failures_every_value_comes_back_in_order() {
        let words = ["one".to_string(), "three".into(), "four".into()];
        let jobs: Vec<Job<'_, u64, &str>> = words // the jobs borrow the words
            .iter()
            .map(|word| Box::new(move |_: &StopFlag| Ok(word.len() as u64)) as Job<'_, u64, &str>)
            .collect();
        assert_eq!(run_all(jobs), Ok(vec![3, 5, 4]));
    }

    /// Job 0 loops until it sees the flag; job 1 fails at once. The sibling
    /// must stop because of the flag, and the error must be job 1's.
    fn a_failure_stops_the_sibling() {
        let (ended, failed_ended) = mpsc::channel();
        let (verdict, verdicts) = mpsc::channel();
        let got = run_all(vec![sibling(failed_ended, verdict), failing("disk full", ended)]);
        assert_eq!(got, Err("disk full"), "the failing job's error");
        let stopped = verdicts.recv().expect("the sibling reports");
        assert!(stopped.is_ok(), "the sibling was never told to stop: {}", stopped.unwrap_err());
    }

    /// Job 0 fails too, but only once job 1's thread has ended: job 1 failed
    /// first, and its error is the one that comes back.
    fn the_first_to_fail_is_the_error_returned() {
        let (ended, first_ended) = mpsc::channel();
        let late: Job<'_, u64, &str> = Box::new(move |_| {
            first_ended.recv().expect("job 1's thread ends");
            Err("failed second")
        });
        assert_eq!(run_all(vec![late, failing("failed first", ended)]), Err("failed first"));
    }
}
