// What a reader of this page would find broken: images that did not load,
// and tables or code blocks that do not fit the text column.
//
// "Fits" means: a table is no wider than the column; a code block's box
// lies inside the column, and when its lines are longer than the box they
// scroll sideways in a scroller the keyboard can reach (tabindex >= 0), so
// no text is out of reach. Code is not wrapped: a wrapped line would read
// as two lines of the program. Only a measured run's table (in
// `.experiment`) may scroll like code.
(() => {
  const main = document.querySelector('main');
  if (!main) return { problems: [], scrolling: 0 }; // toc.html: a list of links
  const column = main.getBoundingClientRect();
  const problems = [];
  let scrolling = 0;

  const headings = [...main.querySelectorAll('h1[id], h2[id], h3[id], h4[id]')];
  const describe = (element) => {
    const above = headings.filter((h) => h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
    const where = above.length ? '#' + above[above.length - 1].id : 'the top';
    const text = element.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
    return `${element.tagName.toLowerCase()} under ${where} ("${text}")`;
  };
  // The element itself or the nearest one around it that scrolls sideways.
  const scroller = (element) => {
    for (let e = element; e && e !== main; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return e;
    }
    return null;
  };
  const px = (n) => Math.round(n) + ' px';
  const inColumn = (box) => box.left >= column.left - 0.5 && box.right <= column.right + 0.5;
  // A block whose content is wider than what shows it: fine only in a
  // scroller the keyboard reaches.
  const reachable = (element, content, width) => {
    scrolling += 1;
    const parent = scroller(content);
    if (!parent) {
      problems.push(`${describe(element)} is cut off: ${px(width)} of content, no scroller`);
    } else if (parent.tabIndex < 0) {
      problems.push(`${describe(element)} scrolls sideways (${px(parent.scrollWidth)} in ${px(parent.clientWidth)}) but the keyboard cannot reach its scroller`);
    }
  };

  for (const image of document.images) {
    if (!image.complete || image.naturalWidth === 0) {
      problems.push(`broken image ${image.getAttribute('src')}`);
    }
  }
  for (const table of main.querySelectorAll('table')) {
    const width = table.getBoundingClientRect().width;
    if (width === 0 || width <= column.width + 0.5) continue;
    if (table.closest('.experiment')) {
      reachable(table, table.parentElement, width);
    } else {
      problems.push(`${describe(table)} is ${px(width)} wide, wider than the ${px(column.width)} column`);
    }
  }
  for (const pre of main.querySelectorAll('pre')) {
    const box = pre.getBoundingClientRect();
    if (box.width === 0) continue;
    if (!inColumn(box)) {
      problems.push(`${describe(pre)} is ${px(box.width)} wide and runs past the ${px(column.width)} column`);
      continue;
    }
    const code = pre.querySelector(':scope > code') || pre;
    if (code.scrollWidth > code.clientWidth) reachable(pre, code, code.scrollWidth);
  }
  return { problems, scrolling };
})()
