use std::io::{self, PipeReader, Write};
use std::thread;

const PRODUCERS: usize = 3;
const FRAMES: usize = 20;

/// Frame `m` of producer `p`: 10 000 bytes and more, over `PIPE_BUF`, all
/// of them the same byte so that a mixed-up frame shows.
fn payload(p: usize, m: usize) -> Vec<u8> {
    vec![(p * 31 + m) as u8; 10_000 + m]
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut frame = (payload.len() as u32).to_be_bytes().to_vec();
    frame.extend_from_slice(payload);
    frame
}

/// Pipes whose producer threads write `FRAMES` frames each and close them.
fn producers() -> Vec<PipeReader> {
    (0..PRODUCERS)
        .map(|p| {
            let (reader, mut writer) = io::pipe().unwrap();
            thread::spawn(move || {
                // A reader that stopped early is the check's to report.
                for m in 0..FRAMES {
                    if writer.write_all(&frame(&payload(p, m))).is_err() {
                        return;
                    }
                }
            });
            reader
        })
        .collect()
}

exercises::checks! {
    fn every_frame_arrives_whole_and_in_order() {
        let all = read_all(producers()).unwrap();
        assert_eq!(all.len(), PRODUCERS * FRAMES);
        for p in 0..PRODUCERS {
            let from_p: Vec<&Vec<u8>> = all.iter().filter(|(i, _)| *i == p).map(|(_, f)| f).collect();
            let expected: Vec<Vec<u8>> = (0..FRAMES).map(|m| payload(p, m)).collect();
            assert!(from_p.iter().copied().eq(&expected), "pipe {p}'s frames came back changed or out of order");
        }
    }

    /// Returning means every reader's sender is gone, including the one
    /// the channel was made with.
    fn returns_when_every_pipe_is_done() {
        let (reader, writer) = io::pipe().unwrap();
        drop(writer);
        assert_eq!(read_all(vec![reader]).unwrap(), []);
    }

    fn a_frame_cut_short_is_an_error() {
        let (reader, mut writer) = io::pipe().unwrap();
        writer.write_all(&frame(b"hello")[..6]).unwrap();
        drop(writer);
        let error = read_all(vec![reader]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    }
}
