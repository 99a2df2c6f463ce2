use std::io::{self, ErrorKind, Read};

fn frame(message: &[u8]) -> Vec<u8> {
    let mut bytes = (message.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(message);
    bytes
}

/// A reader that hands out one byte per `read`, as a pipe may.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((first, rest)), Some(slot)) => {
                *slot = *first;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// Every frame in `bytes`, read one byte at a time, and how the stream ended.
fn read_all(bytes: &[u8]) -> (Vec<Vec<u8>>, Option<ErrorKind>) {
    let mut reader = Trickle(bytes);
    let mut frames = Vec::new();
    loop {
        match read_frame(&mut reader) {
            Ok(Some(frame)) => frames.push(frame),
            Ok(None) => return (frames, None),
            Err(error) => return (frames, Some(error.kind())),
        }
    }
}

exercises::checks! {
    fn reads_frames_one_byte_at_a_time() {
        let mut wire = frame(b"job 7");
        wire.extend(frame(b""));
        wire.extend(frame(b"job 8"));
        let want = vec![b"job 7".to_vec(), Vec::new(), b"job 8".to_vec()];
        assert_eq!(read_all(&wire), (want, None));
    }

    /// The stream cut after 1, 2 or 3 bytes of the second frame's length.
    fn a_cut_inside_the_length_is_an_error() {
        let mut wire = frame(b"job 7");
        wire.extend(frame(b"job 8"));
        for cut in 10..13 {
            let (frames, ending) = read_all(&wire[..cut]);
            assert_eq!(frames.len(), 1, "cut at byte {cut}");
            assert_eq!(ending, Some(ErrorKind::UnexpectedEof), "cut at byte {cut}");
        }
    }

    fn a_cut_inside_the_body_is_an_error() {
        let wire = frame(b"job 7");
        for cut in 4..wire.len() {
            assert_eq!(read_all(&wire[..cut]), (Vec::new(), Some(ErrorKind::UnexpectedEof)));
        }
    }

    fn an_oversized_length_is_refused_before_reading_it() {
        let wire = u32::MAX.to_be_bytes();
        assert_eq!(read_all(&wire), (Vec::new(), Some(ErrorKind::InvalidData)));
    }
}
