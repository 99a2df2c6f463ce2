//! The book's own preprocessor, `book`: tab groups (`tabs.rs`), the course
//! plan (`course.rs`), then quizzes (`quiz_page.rs`). The `book` tool and the tests run it
//! in-process; stock mdBook runs `book preprocess` (book.toml's
//! `[preprocessor.book]`).

use std::path::Path;

use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::quiz_page::QuizPreprocessor;

pub struct BookPreprocessor;

impl Preprocessor for BookPreprocessor {
    fn name(&self) -> &str {
        "book"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let src = ctx.config.book.src.clone();
        book.for_each_chapter_mut(|chapter| {
            let Some(source) = &chapter.source_path else {
                return;
            };
            match crate::tabs::expand(&chapter.content) {
                Ok(content) => chapter.content = content,
                Err((line, why)) => {
                    tracing::error!("{}:{line}: {why}", src.join(source).display());
                }
            }
            let dir = ctx
                .root
                .join(&src)
                .join(source.parent().unwrap_or(Path::new("")));
            chapter.content = crate::course::expand(&ctx.root, &dir, &chapter.content);
        });
        QuizPreprocessor.run(ctx, book)
    }
}
