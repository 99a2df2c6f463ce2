// For the handout test, on print.html in print media: what would reach the
// paper. `left` holds the titles of the pages a handout leaves out (the
// solutions, the instructor's guide); each is found as its chapter on the
// page, from its <h1> to the next chapter's page break. An element counts
// as printed when it has a box (display: none has none) and is not
// invisible (visibility: hidden keeps the box, but paints nothing).
(left) => {
  const main = document.querySelector('main');
  const printed = (element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
  const notes = [...main.querySelectorAll('details.speaker-notes')];
  const isBreak = (element) => element.matches('div[style*="break-before"]');

  const chapters = {};
  for (const title of left) {
    const heading = [...main.querySelectorAll(':scope > h1')].find((h) => h.textContent.trim() === title);
    if (!heading) {
      chapters[title] = null;
      continue;
    }
    const elements = [];
    for (let e = heading; e && !isBreak(e); e = e.nextElementSibling) elements.push(e);
    chapters[title] = { elements: elements.length, printed: elements.filter(printed).length };
  }

  // Each code block prints its lines once, none of them hidden ones: what
  // it shows is its text without the `.boring` lines.
  const blocks = [...main.querySelectorAll('pre > code')].filter(printed);
  const wrong = [];
  for (const code of blocks) {
    const copy = code.cloneNode(true);
    copy.querySelectorAll('.boring').forEach((line) => line.remove());
    const expected = copy.textContent.replace(/\n+$/, '');
    const shown = code.innerText.replace(/\n+$/, '');
    if (shown !== expected && wrong.length < 5) {
      const lines = shown.split('\n');
      const first = lines.findIndex((line, i) => line !== expected.split('\n')[i]);
      wrong.push(`a code block prints ${lines.length} lines where it has ` +
        `${expected.split('\n').length}, from line ${first + 1}: \`${(lines[first] || '').slice(0, 60)}\``);
    }
  }

  return {
    notes: notes.length,
    notesPrinted: notes.filter(printed).length,
    notesOpen: notes.filter((note) => note.open).length,
    chapters,
    codeBlocks: blocks.length,
    wrongCode: wrong,
    boringPrinted: [...main.querySelectorAll('.boring')].filter(printed).length,
    buttonsPrinted: [...main.querySelectorAll('button, [role=tablist]')].filter(printed).length,
    panels: main.querySelectorAll('.tab-panel').length,
    panelsPrinted: [...main.querySelectorAll('.tab-panel')].filter(printed).length,
  };
}
