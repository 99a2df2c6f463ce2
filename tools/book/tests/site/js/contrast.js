// The contrast of the book's own captions and of the must-not-compile
// badge, by the WCAG 2.1 formula, with the colours the browser computed.
// axe cannot see the badge (generated content), so it is measured here.
// Returns the lowest ratio of each kind with where it was found.
(() => {
  const parse = (css) => {
    const m = css.match(/^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/);
    if (!m) throw new Error('cannot read the colour ' + css);
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  };
  const over = (top, bottom, alpha) => top.map((c, i) => i < 3 ? c * alpha + bottom[i] * (1 - alpha) : 1);
  // What shows through behind the element: its own background and those
  // around it, down to the canvas (white when nothing is opaque).
  const background = (element, pseudo) => {
    const layers = [parse(getComputedStyle(element, pseudo).backgroundColor)];
    for (let e = element; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
    return layers.reverse().reduce((below, layer) => over(layer, below, layer[3]), [255, 255, 255, 1]);
  };
  const opacity = (element) => {
    let product = 1;
    for (let e = element; e; e = e.parentElement) product *= +getComputedStyle(e).opacity;
    return product;
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (element, pseudo) => {
    const bg = background(element, pseudo);
    const fg = parse(getComputedStyle(element, pseudo).color);
    const seen = over(fg, bg, fg[3] * opacity(element));
    const [light, dark] = [luminance(seen), luminance(bg)].sort((a, b) => b - a);
    return { ratio: (light + 0.05) / (dark + 0.05), fg: seen.slice(0, 3).map(Math.round), bg: bg.slice(0, 3).map(Math.round) };
  };
  const kinds = {
    caption: ['.caption', null],
    'caption link': ['.caption a', null],
    'caption code': ['.caption code', null],
    'must-not-compile badge': ['pre:has(> code.compile_fail)', '::before'],
  };
  const lowest = {};
  for (const [kind, [selector, pseudo]] of Object.entries(kinds)) {
    for (const element of document.querySelectorAll('main ' + selector)) {
      const measured = ratio(element, pseudo);
      if (!lowest[kind] || measured.ratio < lowest[kind].ratio) {
        lowest[kind] = { ...measured, text: (pseudo ? getComputedStyle(element, pseudo).content : element.textContent).slice(0, 60) };
      }
    }
  }
  return lowest;
})()
