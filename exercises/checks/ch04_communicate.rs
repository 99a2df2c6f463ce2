use std::process::{Child, Command, Stdio};

fn piped(program: &str, args: &[&str]) -> Child {
    (Command::new(program).args(args))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Far more than the pipes to and from the child can hold (64 KiB each).
fn a_mebibyte() -> Vec<u8> {
    (0..1 << 20).map(|i: u32| (i % 251) as u8).collect()
}

exercises::checks! {
    fn a_small_input_comes_back() {
        let (status, output) = communicate(piped("tr", &["a-z", "A-Z"]), b"hello").unwrap();
        assert!(status.success());
        assert_eq!(output, b"HELLO");
    }

    /// Written all at once before reading, 1 MiB fills the pipe back from
    /// `cat`, `cat` stops reading, and both sides wait for ever.
    fn a_mebibyte_goes_through_cat() {
        let input = a_mebibyte();
        let (status, output) = communicate(piped("cat", &[]), &input).unwrap();
        assert!(status.success());
        assert!(output == input, "{} bytes came back, not the {} sent", output.len(), input.len());
    }

    /// `head -c 10` exits after ten bytes: the rest of the input has
    /// nowhere to go, and the write fails with `BrokenPipe`.
    fn a_child_that_stops_reading_is_not_an_error() {
        let (status, output) = communicate(piped("head", &["-c", "10"]), &a_mebibyte()).unwrap();
        assert!(status.success());
        assert_eq!(output, &a_mebibyte()[..10]);
    }
}
