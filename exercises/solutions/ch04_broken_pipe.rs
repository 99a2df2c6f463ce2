// ch04-broken-pipe: a reader that leaves early.

use std::io::{self, Write};

/// How far a stream of lines got.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    /// Every line was written.
    All(usize),
    /// The reader closed its end after this many lines had been written
    /// in full: the next write failed with `BrokenPipe`.
    ReaderLeft(usize),
}

/// Writes each line and a `\n` to `out`, with one `write_all` per line,
/// and says how far it got. A reader that closes its end early (`head`,
/// a worker that quits) is a normal ending, not an error; any other write
/// error is returned.
pub fn send_lines<'a>(out: &mut impl Write, lines: impl IntoIterator<Item = &'a str>) -> io::Result<Sent> {
    let mut sent = 0;
    for line in lines {
        // exercise: solution
        match out.write_all(format!("{line}\n").as_bytes()) {
            Ok(()) => sent += 1,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(Sent::ReaderLeft(sent)),
            Err(e) => return Err(e),
        }
        // exercise: stub
        // todo!("write the line and a newline; count it, or stop at a `BrokenPipe`");
        // exercise: end
    }
    Ok(Sent::All(sent))
}
