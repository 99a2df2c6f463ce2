// ---- added by the book's test harness; readers never see it ----
// The question's program runs as a child of this one, three times: its
// stdout must be the key each time (trailing spaces and blank lines aside).
fn main() -> std::process::ExitCode {
    if std::env::var_os("BOOK_QUIZ_PROGRAM").is_some() {
        return std::process::Termination::report(quiz_program());
    }
    let expected = book_quiz::normalize(BOOK_QUIZ_STDOUT);
    let exe = std::env::current_exe().expect("the program's own path");
    for run in 1..=3 {
        let out = std::process::Command::new(&exe)
            .env("BOOK_QUIZ_PROGRAM", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("start the question's program");
        let printed = book_quiz::normalize(&String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            eprintln!("book: {BOOK_QUIZ_QUESTION}: the program failed ({})", out.status);
            return std::process::ExitCode::FAILURE;
        }
        if printed != expected {
            eprintln!(
                "book: {BOOK_QUIZ_QUESTION}: the key says the program prints\n{expected}\n\
                 --- but run {run} of 3 printed\n{printed}\n---"
            );
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}

mod book_quiz {
    /// Lines without trailing spaces, and no blank lines at the end.
    pub fn normalize(text: &str) -> String {
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        lines.join("\n").trim_end().to_owned()
    }
}
