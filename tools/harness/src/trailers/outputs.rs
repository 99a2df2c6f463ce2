// ---- added by the book's test harness; readers never see it ----
// The question's program runs under a model checker (BOOK_QUIZ_CHECKER)
// that explores its schedules; what it prints is collected per schedule. The
// set of outputs reached must be exactly the key's possible outputs.
mod book_out {
    use std::sync::Mutex;
    static OUT: Mutex<String> = Mutex::new(String::new());
    pub fn print(text: String) {
        OUT.lock().unwrap().push_str(&text);
    }
    pub fn take() -> String {
        std::mem::take(&mut *OUT.lock().unwrap())
    }
    /// Lines without trailing spaces, and no blank lines at the end.
    pub fn normalize(text: &str) -> String {
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        lines.join("\n").trim_end().to_owned()
    }
}

fn main() -> std::process::ExitCode {
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let reached = Arc::new(Mutex::new(BTreeSet::new()));
    let schedules = Arc::new(AtomicUsize::new(0));
    let (seen, count) = (reached.clone(), schedules.clone());
    let one_schedule = move || {
        book_out::take();
        quiz_program();
        seen.lock().unwrap().insert(book_out::normalize(&book_out::take()));
        count.fetch_add(1, Ordering::SeqCst);
    };
    book_model::explore(one_schedule);
    let reached = reached.lock().unwrap().clone();
    let schedules = schedules.load(Ordering::SeqCst);
    let set = |outputs: &[&str]| -> BTreeSet<String> {
        outputs.iter().map(|o| book_out::normalize(o)).collect()
    };
    let (listed, possible) = (set(BOOK_QUIZ_OUTPUTS), set(BOOK_QUIZ_POSSIBLE));
    let mut wrong = Vec::new();
    for output in &reached {
        if !listed.contains(output) {
            wrong.push(format!("it can print an output the question does not list:\n{output}"));
        } else if !possible.contains(output) {
            wrong.push(format!("the key says impossible, but it can print:\n{output}"));
        }
    }
    for output in possible.difference(&reached) {
        wrong.push(format!("the key says possible, but no schedule prints:\n{output}"));
    }
    if schedules >= BOOK_QUIZ_MAX_SCHEDULES {
        wrong.push(format!(
            "stopped after {schedules} schedules without exploring them all"
        ));
    }
    if wrong.is_empty() {
        return std::process::ExitCode::SUCCESS;
    }
    eprintln!(
        "book: {BOOK_QUIZ_QUESTION}: {} explored {schedules} schedules, and the key is wrong:",
        BOOK_QUIZ_CHECKER
    );
    for problem in wrong {
        eprintln!("- {problem}");
    }
    std::process::ExitCode::FAILURE
}
