// Builds elements from data. Every value is set as text or as an attribute, never parsed as markup, so a hostile
// credential name, instance id or token name is shown as the characters it is.

export function h(tag, attrs = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) continue;
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.substring(2), value);
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (value === true) {
            element.setAttribute(name, '');
        } else {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
}

/**
 * Replaces a data section's content and, if the focus was inside it, gives it back to the same control in the new
 * content (same id, data-key, or label and text), so a live refresh does not throw a keyboard user back to the top.
 */
export function redraw(element, ...children) {
    // the same data draws the same markup: leave it alone, so a click in progress lands where it was aimed
    const next = document.createElement(element.tagName);
    append(next, children);
    if (next.childNodes.length === element.childNodes.length
        && [...next.childNodes].every((node, i) => node.isEqualNode(element.childNodes[i]))) return;
    const active = document.activeElement;
    const key = active && active !== document.body && element.contains(active) ? focusKey(active) : null;
    element.replaceChildren(...next.childNodes);
    if (key === null) return;
    const again = [...element.querySelectorAll('a, button, input, select, textarea, [tabindex]')]
        .find(candidate => focusKey(candidate) === key);
    if (again) again.focus({preventScroll: true});
}

function focusKey(element) {
    if (element.id) return '#' + element.id;
    if (element.dataset.key) return 'key:' + element.dataset.key;
    return element.tagName + ':' + (element.getAttribute('aria-label') || '') + ':' + element.textContent;
}

export function time(value) {
    if (!value) return '';
    const date = new Date(value);
    return h('time', {datetime: value, title: value}, date.toLocaleString());
}

export function badge(status) {
    return h('span', {class: 'badge ' + (status === 'active' ? 'active' : 'deleted')}, status);
}

export function field(label, input, hint) {
    const id = input.id || ('f-' + Math.random().toString(36).slice(2, 9));
    input.id = id;
    const error = h('div', {class: 'field-error', id: id + '-error', role: 'alert'});
    input.setAttribute('aria-describedby', id + '-error');
    return h('div', {class: 'field', dataset: {field: input.name || ''}},
        h('label', {for: id}, label), hint ? h('div', {class: 'hint'}, hint) : null, input, error);
}

export function state(text, kind) {
    return h('p', {class: 'state' + (kind ? ' ' + kind : ''), role: kind === 'error' ? 'alert' : null}, text);
}

export function download(filename, blob) {
    const url = URL.createObjectURL(blob);
    const link = h('a', {href: url, download: filename});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}
