// Keyboard access that stock mdBook lacks.
(function () {
    'use strict';

    // Code and tables that scroll sideways get a tab stop, so that the
    // keyboard can scroll them too (arrow keys, once focused). Only those
    // that do scroll: a tab stop on every code block would be noise.
    const SCROLLERS = 'main pre > code, main .table-wrapper, main .experiment';

    function tabStopIfScrolling(element) {
        const scrolls = element.scrollWidth > element.clientWidth;
        if (scrolls && !element.hasAttribute('tabindex')) {
            element.tabIndex = 0;
            element.dataset.scrollTabStop = '';
        } else if (!scrolls && 'scrollTabStop' in element.dataset) {
            element.removeAttribute('tabindex');
            delete element.dataset.scrollTabStop;
        }
    }

    function markAll() {
        document.querySelectorAll(SCROLLERS).forEach(tabStopIfScrolling);
    }

    markAll();
    // Widths change when the web fonts arrive, on resize, and when a reader
    // shows a listing's hidden lines.
    document.fonts.ready.then(markAll);
    const resized = new ResizeObserver((entries) => {
        entries.forEach((entry) => tabStopIfScrolling(entry.target));
    });
    document.querySelectorAll(SCROLLERS).forEach((element) => resized.observe(element));

    // The sidebar toggle is a <label> for a hidden checkbox: it carries
    // ARIA that a label may not have, and the keyboard cannot reach it.
    // Give it a button's role and keys; mdBook's script keeps its
    // aria-expanded up to date.
    const toggle = document.getElementById('mdbook-sidebar-toggle');
    if (toggle && toggle.tagName === 'LABEL') {
        toggle.setAttribute('role', 'button');
        toggle.tabIndex = 0;
        toggle.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                toggle.click();
            }
        });
    }
})();
