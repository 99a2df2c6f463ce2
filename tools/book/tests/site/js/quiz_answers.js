// For the quiz test: in the page's first quiz, a right answer to its first
// multiple-choice question and a wrong answer to another question, each as
// the question's element id and a selector for the input to pick.
(() => {
    const items = [...document.querySelector('section.quiz').querySelectorAll('.quiz-question')];
    const key = (item) => JSON.parse(item.dataset.key);
    const input = (item, value) => `#${item.id} input[value="${value}"]`;
    const right = items.find((item) => item.dataset.kind === 'choice' && key(item).choices.length === 1);
    const wrong = items.find((item) => item !== right && item.dataset.kind !== 'short');
    const wrongValue = wrong.dataset.kind === 'tracing'
        ? (key(wrong).compiles ? 'no' : 'yes')
        : [...wrong.querySelectorAll('.quiz-choices input')]
            .map((i) => Number(i.value))
            .find((v) => !key(wrong).choices.includes(v));
    return {
        right: {question: right.id, input: input(right, key(right).choices[0])},
        wrong: {question: wrong.id, input: input(wrong, wrongValue)},
    };
})()
