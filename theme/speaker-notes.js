// Speaker notes: teacher material in the chapters, written as
//
//     <details class="speaker-notes">
//     <summary>Speaker notes</summary>
//     …
//     </details>
//
// Readers do not see them (theme/speaker-notes.css hides them, summary
// and all). The "Speaker notes" button in the menu bar, or the `n` key,
// shows them, open, on every page: the choice is kept in this browser.
// A page's address can ask for them too, without changing that choice:
// `?notes` shows them, `?notes=0` hides them.
//
// print.html, the whole book on one page, is a student's handout: no
// speaker notes, no instructor's guide, no solutions. With the notes shown
// (the button, or `print.html?notes`) it is the teacher's copy, with the
// notes and the instructor's guide; `print.html?solutions` adds the
// solutions appendix.
(function () {
    'use strict';

    const KEY = 'concurrency-book.speaker-notes';
    const SHOWN = 'speaker-notes-shown';
    // The pages print.html leaves out of a handout, by file name.
    const TEACHER_PAGES = ['instructors-guide.html'];
    const SOLUTION_PAGES = ['solutions.html'];

    const html = document.documentElement;
    const query = new URLSearchParams(location.search);

    /** What the address asks for: true, false, or null when it does not say. */
    function asked(name) {
        if (!query.has(name)) {
            return null;
        }
        return !['0', 'no', 'off', 'false'].includes(query.get(name).toLowerCase());
    }

    function remembered() {
        try {
            return localStorage.getItem(KEY) === 'shown';
        } catch (e) {
            return false;
        }
    }

    function remember(shown) {
        try {
            localStorage.setItem(KEY, shown ? 'shown' : 'hidden');
        } catch (e) {
            // Not kept: the choice holds on this page only.
        }
    }

    const notes = Array.from(document.querySelectorAll('details.speaker-notes'));
    const onPrintPage = /\/print(\.html)?$/.test(location.pathname);
    const chapters = onPrintPage ? printChapters() : [];

    /**
     * print.html's chapters: mdBook writes them one after another into
     * <main>, with an empty page-break <div> before each but the first, in
     * the order of the table of contents, which the sidebar lists. Each is
     * returned as its page's file name and its elements.
     */
    function printChapters() {
        const main = document.querySelector('#mdbook-content main');
        if (!main) {
            return [];
        }
        const parts = [[]];
        Array.from(main.children).forEach((element) => {
            if (element.matches('div[style*="break-before"]')) {
                parts.push([]);
            }
            parts[parts.length - 1].push(element);
        });
        const pages = Array.from(document.querySelectorAll('#mdbook-sidebar a[href]'))
            .filter((a) => a.origin === location.origin && !a.hash && /\.html$/.test(a.pathname))
            .map((a) => a.pathname.split('/').pop());
        if (pages.length !== parts.length) {
            // The handout would hold what it must not: say so loudly.
            console.error(`speaker-notes.js: print.html has ${parts.length} chapters but the ` +
                `sidebar lists ${pages.length}; nothing is left out of the printout`);
            return [];
        }
        return parts.map((elements, i) => ({page: pages[i], elements}));
    }

    const button = document.createElement('button');
    const status = document.createElement('span');

    function show(shown) {
        html.classList.toggle(SHOWN, shown);
        notes.forEach((note) => {
            note.open = shown;
        });
        button.setAttribute('aria-pressed', String(shown));
        const solutions = asked('solutions') === true;
        chapters.forEach(({page, elements}) => {
            const out = (TEACHER_PAGES.includes(page) && !shown) ||
                (SOLUTION_PAGES.includes(page) && !solutions);
            elements.forEach((element) => element.classList.toggle('left-out-of-handout', out));
        });
    }

    function toggle() {
        const shown = !html.classList.contains(SHOWN);
        remember(shown);
        show(shown);
        return shown;
    }

    button.type = 'button';
    button.id = 'speaker-notes-toggle';
    button.className = 'icon-button';
    button.title = 'Speaker notes (n)';
    button.setAttribute('aria-label', 'Speaker notes');
    button.setAttribute('aria-keyshortcuts', 'n');
    // A lectern: the teacher's side of the room.
    button.innerHTML = '<span class="fa-svg"><svg xmlns="http://www.w3.org/2000/svg" ' +
        'viewBox="0 0 512 512" aria-hidden="true" focusable="false"><path d="M64 48h384a32 32 0 0 1 ' +
        '32 32v160a32 32 0 0 1-32 32H296v128h72a24 24 0 0 1 0 48H144a24 24 0 0 1 0-48h72V272H64a32 ' +
        '32 0 0 1-32-32V80a32 32 0 0 1 32-32zm32 64v48h320v-48zm0 80v32h224v-32z"/></svg></span>';
    // The button says its state itself (aria-pressed).
    button.addEventListener('click', toggle);
    status.className = 'speaker-notes-status';
    status.setAttribute('role', 'status');

    const bar = document.querySelector('#mdbook-menu-bar .right-buttons');
    if (bar) {
        bar.insertBefore(button, bar.firstChild);
        bar.appendChild(status);
    }

    // `n`, as mdBook's own keys (←, →, s, /, ?) work: not with a modifier,
    // nor while the reader types in the search box or a field.
    document.addEventListener('keydown', (event) => {
        if (event.key !== 'n' || event.altKey || event.ctrlKey || event.metaKey ||
            event.shiftKey || event.repeat || event.defaultPrevented) {
            return;
        }
        const target = event.composedPath()[0] || event.target;
        if (target.isContentEditable || /^(?:input|select|textarea)$/i.test(target.nodeName) ||
            (window.search && window.search.hasFocus && window.search.hasFocus())) {
            return;
        }
        event.preventDefault();
        // Away from the button, the change is announced.
        status.textContent = toggle() ? 'Speaker notes shown' : 'Speaker notes hidden';
    });

    // mdBook's keyboard help (`?`) lists the key beside its own.
    const help = document.querySelector('#mdbook-help-popup > div');
    if (help) {
        const line = document.createElement('p');
        line.innerHTML = 'Press <kbd>N</kbd> to show or hide the speaker notes';
        help.insertBefore(line, help.lastElementChild);
    }

    const fromAddress = asked('notes');
    show(fromAddress === null ? remembered() : fromAddress);
})();
