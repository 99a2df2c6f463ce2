//! A results table, written as Markdown (the book includes it) and printed
//! aligned on the terminal.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: &str, headers: &[&str]) -> Table {
        Table {
            title: title.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; panics if the cell count is wrong, which is a bug in the experiment.
    pub fn row(&mut self, cells: Vec<String>) {
        assert_eq!(
            cells.len(),
            self.headers.len(),
            "table {:?}: row {cells:?} does not match headers {:?}",
            self.title,
            self.headers
        );
        self.rows.push(cells);
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!("**{}**\n\n", self.title);
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        out += &line(&self.headers);
        out += &line(&vec!["---".to_string(); self.headers.len()]);
        for row in &self.rows {
            out += &line(row);
        }
        out
    }

    pub fn to_terminal(&self) -> String {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                std::iter::once(&self.headers[c])
                    .chain(self.rows.iter().map(|r| &r[c]))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = format!("{}\n", self.title);
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            for (cell, width) in row.iter().zip(&widths) {
                let _ = write!(out, "  {cell:<width$}");
            }
            out.push('\n');
        }
        out
    }
}

/// A whole number with thousands separators: 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn markdown_has_header_separator_and_rows() {
        let mut t = Table::new("Costs", &["what", "µs"]);
        t.row(vec!["thread".into(), "50".into()]);
        assert_eq!(
            t.to_markdown(),
            "**Costs**\n\n| what | µs |\n| --- | --- |\n| thread | 50 |\n"
        );
    }

    #[test]
    #[should_panic(expected = "does not match headers")]
    fn wrong_cell_count_is_a_bug() {
        Table::new("t", &["a", "b"]).row(vec!["1".into()]);
    }
}
