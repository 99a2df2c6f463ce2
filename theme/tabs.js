// Tab groups (rendered by the book's preprocessor): one panel shown at a
// time, chosen with tabs that follow the WAI-ARIA tabs pattern (arrow keys
// move between them). The reader's choice holds for every group of the same
// name, on every page, and is kept in this browser.
(function () {
    'use strict';

    const PREFIX = 'concurrency-book.tabs.';

    function remembered(group) {
        try {
            return localStorage.getItem(PREFIX + group);
        } catch (e) {
            return null;
        }
    }

    function remember(group, label) {
        try {
            localStorage.setItem(PREFIX + group, label);
        } catch (e) {
            // Not kept: the choice holds on this page only.
        }
    }

    const groups = Array.from(document.querySelectorAll('div.tabs[data-tabs]'));

    /** Shows `label` in every group named `group` that has such a tab. */
    function choose(group, label) {
        groups
            .filter((tabs) => tabs.dataset.tabs === group)
            .forEach((tabs) => {
                const tabsHere = Array.from(tabs.querySelectorAll(':scope > [role=tablist] > [role=tab]'));
                if (!tabsHere.some((tab) => tab.dataset.tab === label)) {
                    return;
                }
                tabsHere.forEach((tab) => {
                    const selected = tab.dataset.tab === label;
                    tab.setAttribute('aria-selected', String(selected));
                    tab.tabIndex = selected ? 0 : -1;
                    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
                });
            });
    }

    groups.forEach((tabs, n) => {
        const group = tabs.dataset.tabs;
        const panels = Array.from(tabs.querySelectorAll(':scope > .tab-panel'));
        const list = document.createElement('div');
        list.setAttribute('role', 'tablist');
        list.setAttribute('aria-label', group === 'language' ? 'Language' : group);
        panels.forEach((panel, i) => {
            const label = panel.dataset.tab;
            const tab = document.createElement('button');
            tab.type = 'button';
            tab.textContent = label;
            tab.dataset.tab = label;
            tab.id = `tabs-${n}-tab-${i}`;
            panel.id = `tabs-${n}-panel-${i}`;
            tab.setAttribute('role', 'tab');
            tab.setAttribute('aria-controls', panel.id);
            panel.setAttribute('role', 'tabpanel');
            panel.setAttribute('aria-labelledby', tab.id);
            panel.tabIndex = 0;
            tab.addEventListener('click', () => {
                remember(group, label);
                choose(group, label);
            });
            tab.addEventListener('keydown', (event) => {
                const all = Array.from(list.children);
                const step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
                if (step === undefined) {
                    return;
                }
                event.preventDefault();
                const next = all[(all.indexOf(tab) + step + all.length) % all.length];
                next.focus();
                next.click();
            });
            list.appendChild(tab);
        });
        tabs.insertBefore(list, tabs.firstChild);
        tabs.classList.add('tabs-ready');
        // Rust unless the reader chose otherwise: this is a Rust book.
        const fallback = panels.some((p) => p.dataset.tab === 'Rust') ? 'Rust' : panels[0].dataset.tab;
        const chosen = remembered(group);
        const label = panels.some((p) => p.dataset.tab === chosen) ? chosen : fallback;
        choose(group, label);
    });
})();
