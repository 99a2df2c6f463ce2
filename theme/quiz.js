// Quizzes (rendered by the book's quiz preprocessor): check an answer, show
// whether it is right and why, keep it in this browser, score each quiz, and
// fill in the progress page. Answers are kept per question and per version
// of the question: editing a question forgets only its own saved answer.
(function () {
    'use strict';

    const PREFIX = 'concurrency-book.quiz.';

    const store = {
        get(key) {
            try {
                return JSON.parse(localStorage.getItem(key));
            } catch (e) {
                return null;
            }
        },
        set(key, value) {
            try {
                localStorage.setItem(key, JSON.stringify(value));
            } catch (e) {
                // Storage full or forbidden: the answer is checked, not kept.
            }
        },
        remove(key) {
            try {
                localStorage.removeItem(key);
            } catch (e) {
                // Nothing was kept.
            }
        },
        keys() {
            try {
                return Object.keys(localStorage).filter((k) => k.startsWith(PREFIX));
            } catch (e) {
                return [];
            }
        },
    };

    const keyOf = (quiz, question) => PREFIX + quiz + '.' + question;

    /** A saved answer to this version of a question, or null. */
    function saved(quiz, question, version) {
        const record = store.get(keyOf(quiz, question));
        return record && record.version === version ? record : null;
    }

    /** Lines without trailing spaces, and no blank lines at the end. */
    function normalizeOutput(text) {
        return text
            .split('\n')
            .map((line) => line.replace(/\s+$/, ''))
            .join('\n')
            .replace(/\s+$/, '');
    }

    function normalizeAnswer(text) {
        return text.trim().split(/\s+/).join(' ').toLowerCase();
    }

    function choiceInputs(item) {
        return Array.from(item.querySelectorAll('.quiz-choices input'));
    }

    /** What the reader has entered, or null if nothing yet. */
    function readAnswer(item) {
        const kind = item.dataset.kind;
        if (kind === 'choice' || kind === 'outputs') {
            const chosen = choiceInputs(item)
                .filter((input) => input.checked)
                .map((input) => Number(input.value));
            return chosen.length ? chosen : null;
        }
        if (kind === 'short') {
            const text = item.querySelector('input[type=text]').value;
            return text.trim() ? text : null;
        }
        const picked = choiceInputs(item).find((input) => input.checked);
        if (!picked) {
            return null;
        }
        return {compiles: picked.value === 'yes', stdout: item.querySelector('textarea').value};
    }

    function showAnswer(item, answer) {
        const kind = item.dataset.kind;
        if (kind === 'choice' || kind === 'outputs') {
            choiceInputs(item).forEach((input) => {
                input.checked = answer.includes(Number(input.value));
            });
        } else if (kind === 'short') {
            item.querySelector('input[type=text]').value = answer;
        } else {
            choiceInputs(item).forEach((input) => {
                input.checked = (input.value === 'yes') === answer.compiles;
            });
            item.querySelector('textarea').value = answer.stdout;
        }
    }

    function isRight(item, answer) {
        const key = JSON.parse(item.dataset.key);
        const kind = item.dataset.kind;
        if (kind === 'choice' || kind === 'outputs') {
            const sorted = (list) => list.slice().sort((a, b) => a - b).join(',');
            return sorted(answer) === sorted(key.choices);
        }
        if (kind === 'short') {
            return key.answers.includes(normalizeAnswer(answer));
        }
        if (answer.compiles !== key.compiles) {
            return false;
        }
        return !key.compiles || normalizeOutput(answer.stdout) === normalizeOutput(key.stdout);
    }

    function fields(item) {
        return Array.from(item.querySelectorAll('input, textarea'));
    }

    /** The question as answered: right or not, explained, locked. */
    function showVerdict(item, right) {
        item.classList.toggle('quiz-right', right);
        item.classList.toggle('quiz-wrong', !right);
        item.querySelector('.quiz-feedback').textContent = right
            ? 'Right.'
            : 'Not quite. The explanation below says why; try again when you are ready.';
        item.querySelector('.quiz-explanation').hidden = false;
        item.querySelector('.quiz-check').hidden = true;
        item.querySelector('.quiz-retry').hidden = false;
        fields(item).forEach((field) => {
            field.disabled = true;
        });
    }

    function clear(item) {
        item.classList.remove('quiz-right', 'quiz-wrong');
        item.querySelector('.quiz-feedback').textContent = '';
        item.querySelector('.quiz-explanation').hidden = true;
        item.querySelector('.quiz-check').hidden = false;
        item.querySelector('.quiz-retry').hidden = true;
        fields(item).forEach((field) => {
            field.disabled = false;
            if (field.type === 'radio' || field.type === 'checkbox') {
                field.checked = false;
            } else {
                field.value = '';
            }
        });
    }

    function updateScore(quiz) {
        const items = Array.from(quiz.querySelectorAll('.quiz-question'));
        const right = items.filter((item) => item.classList.contains('quiz-right')).length;
        const answered = items.filter((item) => item.matches('.quiz-right, .quiz-wrong')).length;
        quiz.querySelector('.quiz-score').textContent = answered
            ? `Score: ${right} of ${items.length} right (${answered} answered).`
            : `${items.length} questions. Your answers stay in this browser.`;
    }

    function setUpQuestion(quiz, item) {
        const id = quiz.dataset.quiz;
        const question = item.dataset.question;
        const version = item.dataset.version;
        const record = saved(id, question, version);
        if (record) {
            showAnswer(item, record.answer);
            showVerdict(item, record.right);
        } else {
            store.remove(keyOf(id, question)); // an answer to an older version
        }
        item.querySelector('.quiz-check').addEventListener('click', () => {
            const answer = readAnswer(item);
            if (answer === null) {
                item.querySelector('.quiz-feedback').textContent = 'Answer first, then check.';
                return;
            }
            const right = isRight(item, answer);
            store.set(keyOf(id, question), {version, answer, right});
            showVerdict(item, right);
            item.querySelector('.quiz-retry').focus();
            updateScore(quiz);
        });
        item.querySelector('.quiz-retry').addEventListener('click', () => {
            store.remove(keyOf(id, question));
            clear(item);
            fields(item)[0].focus();
            updateScore(quiz);
        });
    }

    function setUpQuiz(quiz) {
        const items = Array.from(quiz.querySelectorAll('.quiz-question'));
        items.forEach((item) => setUpQuestion(quiz, item));
        quiz.querySelector('.quiz-reset').addEventListener('click', () => {
            items.forEach((item) => {
                store.remove(keyOf(quiz.dataset.quiz, item.dataset.question));
                clear(item);
            });
            updateScore(quiz);
        });
        updateScore(quiz);
    }

    function updateProgress(table) {
        table.querySelectorAll('tr[data-quiz]').forEach((row) => {
            const questions = row.dataset.questions.split(' ').map((entry) => entry.split(':'));
            const records = questions
                .map(([question, version]) => saved(row.dataset.quiz, question, version))
                .filter(Boolean);
            const right = records.filter((record) => record.right).length;
            row.querySelector('.quiz-progress-score').textContent = records.length
                ? `${right} of ${questions.length} (${records.length} answered)`
                : 'not started';
        });
    }

    function setUpProgress(progress) {
        updateProgress(progress);
        progress.querySelector('.quiz-reset-all').addEventListener('click', () => {
            store.keys().forEach((key) => store.remove(key));
            updateProgress(progress);
        });
    }

    document.querySelectorAll('section.quiz').forEach(setUpQuiz);
    document.querySelectorAll('section.quiz-progress').forEach(setUpProgress);
})();
