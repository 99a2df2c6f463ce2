// For the speaker-notes test: what the page shows of its speaker notes and
// of the menu bar's "Speaker notes" button. A note counts as rendered when
// it has a box of some size (display: none has none).
(() => {
  const notes = [...document.querySelectorAll('main details.speaker-notes')];
  const rendered = (element) => {
    const box = element.getBoundingClientRect();
    return element.getClientRects().length > 0 && box.width > 0 && box.height > 0;
  };
  const button = document.getElementById('speaker-notes-toggle');
  return {
    notes: notes.length,
    rendered: notes.filter(rendered).length,
    open: notes.filter((note) => note.open).length,
    shownClass: document.documentElement.classList.contains('speaker-notes-shown'),
    button: button && {
      tag: button.tagName,
      type: button.type,
      pressed: button.getAttribute('aria-pressed'),
      label: button.getAttribute('aria-label') || button.textContent.trim(),
      rendered: rendered(button),
    },
  };
})()
