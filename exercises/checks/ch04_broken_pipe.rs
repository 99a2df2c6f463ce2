use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// Far more lines than a pipe holds (about 1.1 MB against 64 KiB).
fn many_lines() -> Vec<String> {
    (0..100_000).map(|i| format!("line {i}")).collect()
}

/// Feeds `lines` to `program`'s stdin; its stdout, and how far it got.
fn feed(program: &str, args: &[&str], lines: &[String]) -> (String, io::Result<Sent>) {
    let mut child = (Command::new(program).args(args))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let sent = send_lines(&mut stdin, lines.iter().map(String::as_str));
    drop(stdin);
    let mut output = String::new();
    stdout.read_to_string(&mut output).unwrap();
    child.wait().unwrap();
    (output, sent)
}

/// A writer whose reader leaves after `lines` writes.
struct LeavesAfter {
    lines: usize,
}

impl Write for LeavesAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.lines.checked_sub(1) {
            Some(left) => {
                self.lines = left;
                Ok(buf.len())
            }
            None => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

exercises::checks! {
    fn a_reader_that_reads_everything() {
        let (output, sent) = feed("wc", &["-l"], &many_lines());
        assert_eq!(sent.unwrap(), Sent::All(100_000));
        assert_eq!(output.trim(), "100000");
    }

    /// `head -n 3` exits after three lines. Rust ignores `SIGPIPE`, so the
    /// next write that finds no reader fails with `BrokenPipe` instead of
    /// killing the test. How many lines got into the pipe before `head`
    /// left depends on timing; that it is at least three and not all of
    /// them does not.
    fn a_reader_that_leaves_is_not_an_error() {
        let (output, sent) = feed("head", &["-n", "3"], &many_lines());
        assert_eq!(output, "line 0\nline 1\nline 2\n");
        match sent {
            Ok(Sent::ReaderLeft(n)) => assert!((3..100_000).contains(&n), "{n} lines"),
            other => panic!("head left after three lines, but send_lines says {other:?}"),
        }
    }

    fn the_count_is_of_whole_lines() {
        let sent = send_lines(&mut LeavesAfter { lines: 2 }, ["a", "b", "c", "d"]);
        assert_eq!(sent.unwrap(), Sent::ReaderLeft(2));
    }

    fn other_errors_are_errors() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let error = send_lines(&mut Full, ["a"]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
    }
}
