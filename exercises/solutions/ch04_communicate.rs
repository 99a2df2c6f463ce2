// ch04-communicate: feed a child and read it at the same time.

use std::io::{self, Read, Write};
use std::process::{Child, ExitStatus};

/// Python's `Popen.communicate`: writes all of `input` to the child's
/// stdin, closes it, reads the child's stdout to its end and reaps the
/// child. The child must have been started with piped stdin and stdout.
/// A child that exits before reading all its input is not an error: what
/// it wrote is returned, as Python does.
pub fn communicate(mut child: Child, input: &[u8]) -> io::Result<(ExitStatus, Vec<u8>)> {
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut output = Vec::new();
    // exercise: solution
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || match stdin.write_all(input) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
            // `stdin` is dropped here: the child reads end of file.
        });
        stdout.read_to_end(&mut output)?;
        writer.join().expect("the writer thread panicked")
    })?;
    // exercise: stub
    // todo!("write `input` on a scoped thread (then drop stdin) while this thread reads stdout to its end; a `BrokenPipe` from the write is not an error");
    // exercise: end
    Ok((child.wait()?, output))
}
