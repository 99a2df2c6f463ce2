// For the speaker-notes test, in the theme the page shows, once the test
// moved the focus to the button with the Tab key: the button draws a focus
// ring, and its icon and ring stand out from the menu bar by WCAG's 3:1
// for what is not text, pressed and not. Returns what it measured.
(async () => {
  const parse = (css) => {
    const m = css.match(/^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/);
    if (!m) throw new Error('cannot read the colour ' + css);
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  };
  const over = (top, bottom) => top.map((c, i) => i < 3 ? c * top[3] + bottom[i] * (1 - top[3]) : 1);
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const button = document.getElementById('speaker-notes-toggle');
  const bar = background(button);
  // mdBook fades the menu bar's icons from one colour to the next.
  const measure = async () => {
    await Promise.all(button.getAnimations().map((a) => a.finished));
    const style = getComputedStyle(button);
    return {
      pressed: button.getAttribute('aria-pressed'),
      icon: ratio(over(parse(style.color), bar), bar),
    };
  };
  const style = getComputedStyle(button);
  const focus = {
    focused: document.activeElement === button,
    active: (document.activeElement && (document.activeElement.id || document.activeElement.outerHTML.slice(0, 80))) || null,
    focusVisible: button.matches(':focus-visible'),
    outline: `${style.outlineStyle} ${style.outlineWidth}`,
    ring: style.outlineStyle === 'none' ? 0 : ratio(over(parse(style.outlineColor), bar), bar),
  };
  const states = [await measure()];
  button.click();
  states.push(await measure());
  button.click();
  return { ...focus, states };
})()
