// The admin console: a hash router over a few pages. What a page shows depends on the token's role (GET /api/me):
// an auditor gets no write action, an instance token is refused.

import {h, replace, redraw, time, badge, field, state, download} from './dom.js';
import * as api from './api.js';
import {startLive, stopLive, onChange} from './live.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const liveBadge = document.getElementById('live');
let me = null;
let refreshCurrent = null;

const canWrite = () => me && me.role === 'ADMIN';

// ------------------------------------------------------------------ start, sign-in, routing

window.addEventListener('hashchange', route);
// the skip link moves the focus to the content; following its #main would leave the page the router shows
document.querySelector('.skip').addEventListener('click', event => {
    event.preventDefault();
    main.focus();
});

async function start() {
    Object.assign(listState, LIST_DEFAULTS);
    if (!api.token()) return showSignIn();
    try {
        me = await api.query('/api/me');
        if (me.role === 'INSTANCE') {
            api.signOut();
            return showSignIn('This is an instance token: it can only resolve its own instance\'s secrets. '
                + 'Sign in with an admin or auditor token to use the console.');
        }
        api.setCommandUrl((await api.query('/api/console/config')).commandUrl);
    } catch (e) {
        api.signOut();
        return showSignIn(e.status === 401 ? 'This token is not valid, or it has been revoked.' : e.message);
    }
    showChrome();
    startLive(connected => {
        liveBadge.hidden = false;
        liveBadge.textContent = connected ? 'Live' : 'Reconnecting…';
        liveBadge.dataset.connected = String(connected);
    });
    route();
}

function showSignIn(message) {
    stopLive();
    nav.hidden = true;
    who.hidden = true;
    liveBadge.hidden = true;
    document.title = 'Sign in · Credential Registry';
    const input = h('input', {type: 'password', name: 'token', autocomplete: 'off', required: true,
        spellcheck: 'false'});
    const form = h('form', {class: 'panel', id: 'signin-form', novalidate: true},
        h('h1', {}, 'Sign in'),
        h('p', {class: 'hint'}, 'Paste an API token (admin or auditor). It is kept in this tab only.'),
        message ? h('div', {class: 'notice danger', role: 'alert', id: 'signin-error'}, message) : null,
        field('API token', input),
        h('button', {type: 'submit'}, 'Sign in'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        if (!input.value.trim()) {
            input.setAttribute('aria-invalid', 'true');
            form.querySelector('.field-error').textContent = 'Enter a token.';
            return;
        }
        api.signIn(input.value.trim());
        start();
    });
    replace(main, h('div', {class: 'signin'}, form));
    input.focus();
}

function showChrome() {
    const links = [['#/credentials', 'Credentials'], ['#/instances', 'Instances'], ['#/audit', 'Audit'],
        ['#/tokens', 'Tokens']];
    if (canWrite()) links.push(['#/processors', 'Processors']);
    replace(nav, links.map(([href, text]) => h('a', {href}, text)));
    nav.hidden = false;
    replace(who, h('span', {}, 'Signed in as ', h('strong', {id: 'who-name'}, me.name)),
        h('span', {class: 'role', id: 'who-role'}, me.role),
        h('button', {type: 'button', id: 'signout', onclick: () => {
            api.signOut();
            me = null;
            location.hash = '';
            showSignIn();
        }}, 'Sign out'));
    who.hidden = false;
}

const ROUTES = [
    [/^#\/credentials\/([^/]+)$/, id => credentialPage(decodeURIComponent(id))],
    [/^#\/credentials$/, () => credentialsPage()],
    [/^#\/instances\/(.+)$/, id => instancePage(decodeURIComponent(id))],
    [/^#\/instances$/, () => instancesPage()],
    [/^#\/audit$/, () => auditPage()],
    [/^#\/tokens$/, () => tokensPage()],
    [/^#\/processors$/, () => processorsPage()],
];

function route() {
    if (!me) return;
    const hash = location.hash || '#/credentials';
    for (const a of nav.querySelectorAll('a')) {
        a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href')));
        if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    }
    refreshCurrent = null;
    for (const [pattern, page] of ROUTES) {
        const match = hash.match(pattern);
        if (match) {
            page(...match.slice(1));
            // a page that put the focus in its own first field keeps it there
            if (!main.contains(document.activeElement)) main.focus({preventScroll: true});
            return;
        }
    }
    location.hash = '#/credentials';
}

// Every change on the registry refreshes the page in view. The read models take the change a moment after the stream
// reports it, so the page refreshes twice: soon, and once more when the projections have surely caught up.
let pending = null;
let settle = null;
onChange(() => {
    if (!refreshCurrent || pending) return;
    pending = setTimeout(() => {
        pending = null;
        if (refreshCurrent) refreshCurrent();
    }, 250);
    clearTimeout(settle);
    settle = setTimeout(() => {
        if (refreshCurrent) refreshCurrent();
    }, 1200);
});

function page(title, ...content) {
    document.title = title + ' · Credential Registry';
    replace(main, h('h1', {}, title), content);
}

/** Clears the messages of a form: the fields' own and the form's. */
function clearProblems(form) {
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    for (const box of form.querySelectorAll('.field-error')) box.textContent = '';
    const general = form.querySelector('.form-error');
    if (general) general.textContent = '';
}

/** Puts a message under one field of a form and marks the field invalid; false if the form has no such field. */
function fieldProblem(form, name, message) {
    const input = form.querySelector('[name="' + CSS.escape(name) + '"]');
    if (!input) return false;
    input.setAttribute('aria-invalid', 'true');
    const box = form.querySelector('#' + CSS.escape(input.id) + '-error');
    box.textContent = box.textContent ? box.textContent + ' ' + message : message;
    return true;
}

/**
 * Shows what the API said was wrong: each violation the problem details name ("'name' must not be blank") under
 * its field, anything else at the top of the form. The first invalid field takes the focus.
 */
function showProblem(form, error, fieldsByRule = {}) {
    clearProblems(form);
    const general = [];
    const violations = error.violations ? error.violations(fieldsByRule) : [{message: error.message}];
    for (const {field: name, message} of violations) {
        if (!name || !fieldProblem(form, name, sentence(message))) general.push(sentence(message));
    }
    const box = form.querySelector('.form-error');
    if (box) box.textContent = general.filter(m => m).join(' ');
    const invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
}

/**
 * A change sent with the version the person saw (If-Match) was refused because the credential moved on meanwhile:
 * show them the credential as it is now, so they decide again on what is true.
 */
function reloadWhenStale(error, reload) {
    if (error.rule && error.rule() === 'version-mismatch') reloadSoon(reload);
}

function sentence(message) {
    const text = message.charAt(0).toUpperCase() + message.slice(1);
    return /[.!?]$/.test(text) ? text : text + '.';
}

// The rules the API checks (command side's request validation), checked here first so a mistake is shown at once,
// next to its field, in the same words.
const SETTING_KEY = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
const SETTING_KEY_RULE = 'must start with a lower-case letter or digit and hold only a-z 0-9 . _ : - '
    + '(at most 128 characters)';
const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const INSTANCE_ID_RULE = 'must start with a letter or digit and hold only A-Z a-z 0-9 . _ : @ - '
    + '(at most 128 characters)';
const CREDENTIAL_ID = /^[A-Za-z0-9-]{1,64}$/;
const CREDENTIAL_ID_RULE = 'must be 1 to 64 of the characters A-Z a-z 0-9 -';
const TOKEN_NAME = /^[A-Za-z0-9._@:+-]{1,128}$/;
const TOKEN_NAME_RULE = 'must be 1 to 128 of the characters A-Z a-z 0-9 . _ @ : + -';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const required = value => value.trim() ? null : 'must not be blank';
const pattern = (regex, rule) => value => !value.trim() || regex.test(value.trim()) ? null : rule;
const maxLength = n => value => value.length <= n ? null : 'size must be between 0 and ' + n;
const printable = value => CONTROL.test(value) ? 'must not contain control characters' : null;

/** Checks the fields named in rules; shows each failure under its field and answers whether all passed. */
function validate(form, rules) {
    clearProblems(form);
    let valid = true;
    for (const [name, checks] of Object.entries(rules)) {
        const input = form.querySelector('[name="' + CSS.escape(name) + '"]');
        for (const check of checks) {
            const problem = check(input.value);
            if (problem) {
                fieldProblem(form, name, sentence(problem));
                valid = false;
                break;
            }
        }
    }
    const invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    return valid;
}

// Outcome messages live outside the part of the page a refresh re-renders, so they stay until the next action.
let flashBox = null;

function flash(...content) {
    showFlash(h('div', {class: 'notice ok'}, h('div', {}, ...content)));
}

function flashProblem(message) {
    showFlash(h('div', {class: 'notice danger', role: 'alert'}, h('div', {}, message)));
}

/** The outcome stays in view at the top while the page scrolls, until dismissed or replaced by the next one. */
function showFlash(notice) {
    if (!flashBox) return;
    const box = flashBox;
    notice.classList.add('flash');
    notice.append(h('button', {type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this message',
        onclick: () => replace(box)}, '×'));
    replace(box, notice);
}

/** After a change: the query side shows it within a moment, so look twice rather than show a stale page. */
function reloadSoon(reload) {
    setTimeout(reload, 400);
    setTimeout(reload, 1500);
}

function formError() {
    return h('div', {class: 'form-error error', role: 'alert'});
}

// ------------------------------------------------------------------ credentials

const PROVIDERS = ['openai', 'dify', 'flowise', 'n8n'];
const LIST_DEFAULTS = {name: '', provider: '', status: '', sort: '-createdAt', page: 0, size: 20};
const listState = {...LIST_DEFAULTS};

function credentialsPage() {
    const results = h('div', {id: 'credential-results'}, state('Loading credentials…'));
    const search = h('input', {type: 'search', name: 'name', value: listState.name, placeholder: 'part of a name'});
    const provider = h('select', {name: 'provider'}, h('option', {value: ''}, 'any'),
        PROVIDERS.map(p => h('option', {value: p, selected: p === listState.provider}, p)));
    const status = h('select', {name: 'status'}, h('option', {value: ''}, 'any'),
        ['active', 'deleted'].map(s => h('option', {value: s, selected: s === listState.status}, s)));
    let typing = null;
    search.addEventListener('input', () => {
        clearTimeout(typing);
        typing = setTimeout(() => { listState.name = search.value; listState.page = 0; load(); }, 250);
    });
    provider.addEventListener('change', () => { listState.provider = provider.value; listState.page = 0; load(); });
    status.addEventListener('change', () => { listState.status = status.value; listState.page = 0; load(); });
    const createArea = h('div', {id: 'create-area'});
    page('Credentials',
        h('div', {class: 'toolbar'}, field('Search', search), field('Provider', provider), field('Status', status),
            canWrite() ? h('button', {type: 'button', id: 'new-credential',
                onclick: () => replace(createArea, createForm(createArea))}, 'New credential') : null),
        createArea, results);
    const latest = latestOnly();
    async function load() {
        const turn = latest.next();
        const params = new URLSearchParams({page: listState.page, size: listState.size, sort: listState.sort});
        if (listState.name) params.set('name', listState.name);
        if (listState.provider) params.set('provider', listState.provider);
        if (listState.status) params.set('status', listState.status);
        try {
            const {body, headers} = await api.queryWithHeaders('/api/credentials?' + params);
            if (!latest.isCurrent(turn)) return;
            redraw(results, credentialTable(body, Number(headers.get('X-Total-Count') || body.length), load));
        } catch (e) {
            if (latest.isCurrent(turn)) replace(results, state(e.message, 'error'));
        }
    }
    refreshCurrent = load;
    load();
}

function credentialTable(items, total, reload) {
    if (total === 0) {
        return state(listState.name || listState.provider || listState.status
            ? 'No credential matches these filters.' : 'No credentials yet.' + (canWrite() ? ' Create the first one.' : ''));
    }
    const column = (key, label) => {
        const current = listState.sort.replace('-', '') === key;
        const descending = listState.sort.startsWith('-');
        return h('th', {scope: 'col', 'aria-sort': current ? (descending ? 'descending' : 'ascending') : null},
            h('button', {type: 'button', dataset: {key: 'sort-' + key}, onclick: () => {
                listState.sort = current && !descending ? '-' + key : key;
                listState.page = 0;
                reload();
            }}, label + (current ? (descending ? ' ▼' : ' ▲') : '')));
    };
    const first = listState.page * listState.size;
    return h('div', {},
        h('table', {id: 'credentials-table'},
            h('caption', {class: 'hint'}, 'Credentials ' + (first + 1) + '–' + (first + items.length) + ' of ' + total),
            h('thead', {}, h('tr', {}, column('name', 'Name'), column('provider', 'Provider'),
                column('status', 'Status'), h('th', {scope: 'col'}, 'Secret'),
                column('bindingCount', 'Bindings'), column('updatedAt', 'Updated'))),
            h('tbody', {}, items.map(c => h('tr', {dataset: {id: c.id}},
                h('td', {}, h('a', {href: '#/credentials/' + encodeURIComponent(c.id), class: 'credential-link'},
                    c.name)),
                h('td', {}, c.provider), h('td', {}, badge(c.status)),
                h('td', {class: 'mono'}, c.secretHint || '—', h('span', {class: 'hint'}, ' v' + c.secretVersion)),
                h('td', {}, String(c.bindingCount)), h('td', {}, time(c.updatedAt)))))),
        h('div', {class: 'pager'},
            h('button', {type: 'button', class: 'secondary', id: 'page-previous', disabled: listState.page === 0,
                onclick: () => { listState.page--; reload(); }}, 'Previous'),
            h('span', {id: 'page-status'}, 'Page ' + (listState.page + 1) + ' of ' + Math.max(1, Math.ceil(total / listState.size))),
            h('button', {type: 'button', class: 'secondary', id: 'page-next', disabled: first + items.length >= total,
                onclick: () => { listState.page++; reload(); }}, 'Next')));
}

function createForm(area) {
    const name = h('input', {name: 'name', required: true, maxlength: 200, autocomplete: 'off'});
    const provider = h('select', {name: 'provider'}, PROVIDERS.map(p => h('option', {value: p}, p)));
    const secret = h('input', {name: 'secret', type: 'password', required: true, autocomplete: 'off'});
    const outcome = h('div', {id: 'create-outcome'});
    const form = h('form', {class: 'panel', id: 'create-form', novalidate: true},
        h('h2', {}, 'New credential'), formError(),
        h('div', {class: 'grid'}, field('Name', name), field('Provider', provider),
            field('Secret', secret, 'Stored encrypted; never shown again.')),
        h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Create'),
            h('button', {type: 'button', class: 'secondary', onclick: () => replace(area)}, 'Cancel')),
        outcome);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        replace(outcome);
        if (!validate(form, {name: [required, maxLength(200), printable], secret: [required]})) return;
        try {
            const created = await api.command('POST', '/api/credentials',
                {name: name.value, provider: provider.value, secret: secret.value});
            location.hash = '#/credentials/' + encodeURIComponent(created.id);
        } catch (e) {
            // the same key is registered already: offer that credential (a taken name is a field problem)
            if (e.rule && e.rule() === 'duplicate-secret' && e.problem.existingCredentialId) {
                const existing = e.problem.existingCredentialId;
                replace(outcome, h('div', {class: 'notice warn', id: 'duplicate-hint', role: 'alert'},
                    h('p', {}, 'This key is already registered. Share the existing credential instead of '
                        + 'registering it twice.'),
                    h('a', {href: '#/credentials/' + encodeURIComponent(existing) + '?bind',
                        id: 'bind-existing'}, 'Bind the existing credential')));
            } else {
                showProblem(form, e, {'duplicate-name': 'name'});
            }
        }
    });
    setTimeout(() => name.focus());
    return form;
}

// A page is built once; a refresh (live, or after an action) fills its data sections again and never touches a form,
// so whatever is being typed, and where the focus is, stays as it is.
async function credentialPage(rawId) {
    const [id, wantsBind] = rawId.split('?');
    document.title = 'Credential · Credential Registry';
    flashBox = h('div', {id: 'flash', role: 'status'});
    const body = h('div', {}, state('Loading…'));
    replace(main, h('p', {}, h('a', {href: '#/credentials'}, '← Credentials')), flashBox, body);
    const path = '/api/credentials/' + encodeURIComponent(id);
    let asOf = null;
    let view = null;
    let attempts = 0;
    let bindFocused = false;
    const latest = latestOnly();
    async function load() {
        const turn = latest.next();
        try {
            const [credential, history] = await Promise.all([
                api.query(path + (asOf ? '?at=' + encodeURIComponent(asOf) : '')),
                api.query(path + '/history')]);
            if (!latest.isCurrent(turn)) return;
            if (!view) {
                view = credentialView(credential, load, value => { asOf = value; load(); });
                replace(body, view.element);
            }
            view.show(credential, history, asOf);
            document.title = credential.name + ' · Credential Registry';
            // "Bind the existing credential" leads here: the instance field is ready to take a name
            if (wantsBind !== undefined && canWrite() && !bindFocused) {
                bindFocused = true;
                const input = document.getElementById('bind-instance');
                if (input) input.focus();
            }
        } catch (e) {
            if (!latest.isCurrent(turn)) return;
            // a credential created a moment ago may not have reached the query side yet
            if (!view && e.status === 404 && attempts++ < 20) {
                replace(body, state('Waiting for the registry to show this credential…'));
                setTimeout(load, 300);
                return;
            }
            const message = e.status === 404 ? 'There is no credential ' + id + '.' : e.message;
            if (view) view.failed(message);
            else replace(body, state(message, 'error'));
        }
    }
    refreshCurrent = load;
    load();
}

/** Answers only the last of overlapping loads: an older answer that arrives late must not overwrite a newer one. */
function latestOnly() {
    let last = 0;
    return {next: () => ++last, isCurrent: turn => turn === last};
}

/**
 * The credential page's sections. The data sections (name, facts, bindings, history) are filled by show(); the
 * forms are built once and stay, so a refresh never redraws a field being filled in. The write actions go away only
 * when they no longer apply (deleted, or looking at the past).
 */
function credentialView(first, reload, setAsOf) {
    const current = {...first};
    const name = h('h1', {id: 'credential-name'});
    const asOfNotice = h('div', {});
    const facts = h('div', {class: 'panel'});
    const loadError = h('div', {});
    const bindingsHeading = h('h2', {});
    const bindings = h('div', {});
    const writeBox = h('div', {});
    const history = h('div', {});
    const asOfInput = h('input', {type: 'datetime-local', name: 'at', step: 1});
    const now = h('button', {type: 'button', class: 'secondary', hidden: true, onclick: () => {
        asOfInput.value = '';
        setAsOf(null);
    }}, 'Now');
    const asOfForm = h('form', {class: 'toolbar', id: 'asof-form'}, field('As of (your local time)', asOfInput),
        h('button', {type: 'submit', class: 'secondary'}, 'Show'), now);
    asOfForm.addEventListener('submit', event => {
        event.preventDefault();
        if (asOfInput.value) setAsOf(new Date(asOfInput.value).toISOString());
    });
    const element = h('div', {}, name, asOfNotice, loadError, facts, asOfForm, bindingsHeading, bindings, writeBox,
        h('h2', {}, 'History'), history);
    function show(c, events, asOf) {
        Object.assign(current, c);
        replace(loadError);
        replace(name, c.name);
        replace(asOfNotice, asOf ? h('div', {class: 'notice warn'}, 'Showing this credential as it was at ',
            time(c.asOf || asOf), '.') : null);
        now.hidden = !asOf;
        replace(facts, h('dl', {class: 'facts'},
            h('dt', {}, 'Status'), h('dd', {id: 'credential-status'}, badge(c.status)),
            h('dt', {}, 'Provider'), h('dd', {}, c.provider),
            h('dt', {}, 'Secret'), h('dd', {class: 'mono', id: 'credential-hint'},
                (c.secretHint || '—') + '  (version ' + c.secretVersion + ')'),
            h('dt', {}, 'Id'), h('dd', {class: 'mono'}, c.id),
            h('dt', {}, 'Created'), h('dd', {}, time(c.createdAt)),
            h('dt', {}, 'Updated'), h('dd', {}, time(c.updatedAt)),
            c.restorableUntil ? [h('dt', {}, 'Restorable until'),
                h('dd', {id: 'credential-restorable-until'}, time(c.restorableUntil))] : null,
            c.purgedAt ? [h('dt', {}, 'Purged'), h('dd', {id: 'credential-purged-at'}, time(c.purgedAt))] : null));
        replace(bindingsHeading, 'Bindings (' + (c.bindings ? c.bindings.length : c.bindingCount) + ')');
        const writable = canWrite() && c.status !== 'deleted' && !asOf;
        redraw(bindings, bindingsTable(c, reload, writable));
        // a deleted credential within its recovery window (decision 0200) can be restored
        const restorable = canWrite() && !asOf && c.status === 'deleted' && c.restorableUntil
            && new Date(c.restorableUntil) > new Date();
        const mode = writable ? 'write' : restorable ? 'restore' : 'none';
        if (writeBox.dataset.mode !== mode) {
            writeBox.dataset.mode = mode;
            replace(writeBox, mode === 'write' ? writeActions(current, reload)
                : mode === 'restore' ? restorePanel(current, reload) : null);
        }
        replace(history, timeline(events));
    }
    function failed(message) {
        replace(loadError, state('Could not refresh: ' + message, 'error'));
    }
    return {element, show, failed};
}

function bindingsTable(c, reload, writable) {
    const bindings = c.bindings || [];
    if (bindings.length === 0) return state('Not bound to any instance setting.');
    return h('table', {id: 'bindings-table'},
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Instance'), h('th', {scope: 'col'}, 'Setting'),
            h('th', {scope: 'col'}, 'Bound'), writable ? h('th', {scope: 'col'}, 'Actions') : null)),
        h('tbody', {}, bindings.map(b => h('tr', {},
            h('td', {}, h('a', {href: '#/instances/' + encodeURIComponent(b.instanceId)}, b.instanceId)),
            h('td', {class: 'mono'}, b.settingKey), h('td', {}, time(b.boundAt)),
            writable ? h('td', {}, h('button', {type: 'button', class: 'secondary',
                'aria-label': 'Unbind ' + b.instanceId + ' ' + b.settingKey,
                onclick: async () => {
                    try {
                        await api.command('DELETE', '/api/instances/' + encodeURIComponent(b.instanceId)
                            + '/settings/' + encodeURIComponent(b.settingKey));
                        flash('Unbound ' + b.instanceId + ' · ' + b.settingKey + '.');
                        reloadSoon(reload);
                    } catch (e) {
                        flashProblem(e.message);
                    }
                }}, 'Unbind')) : null))));
}

function writeActions(c, reload) {
    const deletePanel = h('div', {class: 'panel'});
    const idle = () => replace(deletePanel, h('h2', {}, 'Delete'),
        h('p', {class: 'hint'}, 'Deleting unbinds every setting that uses this credential.'),
        h('button', {type: 'button', class: 'danger', id: 'delete-credential',
            onclick: () => deleteDialog(c, deletePanel, idle, reload)}, 'Delete…'));
    idle();
    return h('div', {class: 'grid', id: 'write-actions'},
        bindForm(c, reload), renameForm(c, reload), rotateForm(c, reload), deletePanel);
}

function restorePanel(c, reload) {
    const panel = h('div', {class: 'panel', id: 'restore-panel'});
    replace(panel, h('h2', {}, 'Restore'),
        h('p', {class: 'hint'}, 'This credential can be restored until ', time(c.restorableUntil),
            '. Restoring binds again every setting it held that is still free.'),
        h('button', {type: 'button', id: 'restore-credential', onclick: async () => {
            try {
                const result = await api.command('POST', '/api/credentials/' + encodeURIComponent(c.id)
                    + '/restore', undefined, {version: c.version});
                flash(h('div', {id: 'restore-result'},
                    h('p', {}, 'Restored. ' + (result.rebound.length === 0 ? 'No setting was bound again.'
                        : 'Bound again: ' + result.rebound.length + ' setting(s).')),
                    result.rebound.length ? h('ul', {}, result.rebound.map(s => h('li', {}, s.instanceId + ' · '
                        + s.settingKey))) : null,
                    result.notRebound.length ? [h('p', {}, 'Not bound again (taken meanwhile, or the instance was '
                        + 'removed):'), h('ul', {id: 'not-rebound'}, result.notRebound.map(s => h('li', {},
                        s.instanceId + ' · ' + s.settingKey)))] : null));
                replace(panel, h('h2', {}, 'Restore'), state('Restored.'));
                reloadSoon(reload);
            } catch (e) {
                flashProblem(e.message);
            }
        }}, 'Restore'));
    return panel;
}

function bindForm(c, reload) {
    const instance = h('input', {name: 'instanceId', id: 'bind-instance', required: true, autocomplete: 'off'});
    const setting = h('input', {name: 'settingKey', id: 'bind-setting', required: true,
        value: c.provider + '.default', autocomplete: 'off'});
    const form = h('form', {class: 'panel', id: 'bind-form', novalidate: true}, h('h2', {}, 'Bind to an instance'),
        formError(), field('Instance id', instance), field('Setting key', setting),
        h('button', {type: 'submit'}, 'Bind'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (!validate(form, {instanceId: [required, pattern(INSTANCE_ID, INSTANCE_ID_RULE)],
            settingKey: [required, pattern(SETTING_KEY, SETTING_KEY_RULE)]})) return;
        try {
            const result = await api.command('PUT', '/api/instances/' + encodeURIComponent(instance.value.trim())
                + '/settings/' + encodeURIComponent(setting.value.trim()), {credentialId: c.id});
            clearProblems(form);
            instance.value = '';
            flash('Bound ' + result.instanceId + ' · ' + result.settingKey
                + (result.replacedCredentialId ? ', replacing ' + result.replacedCredentialId : '') + '.');
            reloadSoon(reload);
        } catch (e) {
            showProblem(form, e, {'provider-mismatch': 'settingKey'});
        }
    });
    return form;
}

function renameForm(c, reload) {
    const name = h('input', {name: 'name', id: 'rename-name', value: c.name, required: true, maxlength: 200});
    const form = h('form', {class: 'panel', id: 'rename-form', novalidate: true}, h('h2', {}, 'Rename'),
        formError(), field('New name', name), h('button', {type: 'submit'}, 'Rename'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (!validate(form, {name: [required, maxLength(200), printable]})) return;
        try {
            await api.command('PATCH', '/api/credentials/' + encodeURIComponent(c.id), {name: name.value},
                {version: c.version});
            clearProblems(form);
            flash('Renamed to ' + name.value + '.');
            reloadSoon(reload);
        } catch (e) {
            showProblem(form, e, {'duplicate-name': 'name'});
            reloadWhenStale(e, reload);
        }
    });
    return form;
}

function rotateForm(c, reload) {
    const secret = h('input', {name: 'secret', id: 'rotate-secret', type: 'password', required: true,
        autocomplete: 'off'});
    const form = h('form', {class: 'panel', id: 'rotate-form', novalidate: true}, h('h2', {}, 'Rotate the secret'),
        formError(), field('New secret', secret, 'Every binding gets the new secret at once.'),
        h('button', {type: 'submit'}, 'Rotate'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (!validate(form, {secret: [required]})) return;
        try {
            const rotated = await api.command('PUT', '/api/credentials/' + encodeURIComponent(c.id) + '/secret',
                {secret: secret.value}, {version: c.version});
            secret.value = '';
            clearProblems(form);
            flash(h('span', {id: 'rotated'},
                'Rotated to version ' + rotated.secretVersion + ' (' + rotated.secretHint + ').'));
            reloadSoon(reload);
        } catch (e) {
            showProblem(form, e);
            reloadWhenStale(e, reload);
        }
    });
    return form;
}

async function deleteDialog(c, panel, cancel, reload) {
    replace(panel, h('h2', {}, 'Delete'), state('Loading the impact…'));
    let impact;
    try {
        impact = await api.query('/api/credentials/' + encodeURIComponent(c.id) + '/deletion-impact');
    } catch (e) {
        replace(panel, h('h2', {}, 'Delete'), state(e.message, 'error'),
            h('button', {type: 'button', class: 'secondary', onclick: cancel}, 'Back'));
        return;
    }
    const name = c.name;
    const confirm = h('input', {name: 'confirm', id: 'delete-confirm', autocomplete: 'off'});
    const button = h('button', {type: 'submit', class: 'danger', id: 'delete-confirmed', disabled: true},
        'Delete this credential');
    confirm.addEventListener('input', () => { button.disabled = confirm.value !== name; });
    const form = h('form', {id: 'delete-dialog', novalidate: true}, formError(),
        h('div', {class: 'notice danger'}, impact.settings.length === 0
            ? 'No setting uses this credential.'
            : ['Deleting it unbinds ' + impact.settings.length + ' setting(s):',
                h('ul', {id: 'impact-list'}, impact.settings.map(s => h('li', {}, s.instanceId + ' · ' + s.settingKey)))]),
        h('p', {class: 'hint', id: 'impact-window'}, impact.recoveryWindowDays
            ? 'It stays restorable for ' + impact.recoveryWindowDays + ' day(s); after that its secret is destroyed.'
            : 'Its secret is destroyed at once.'),
        field('Type the name "' + name + '" to confirm', confirm),
        h('div', {class: 'actions'}, button,
            h('button', {type: 'button', class: 'secondary', id: 'delete-cancel', onclick: cancel}, 'Cancel')));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (confirm.value !== name) return;
        try {
            const result = await api.command('DELETE', '/api/credentials/' + encodeURIComponent(c.id), undefined,
                {version: c.version});
            // the outcome goes where refreshes do not reach; the page then shows the credential as deleted
            flash(h('div', {id: 'cascade-result'},
                h('p', {}, 'Deleted. ' + (result.unbound.length === 0 ? 'Nothing was bound.'
                    : 'The cascade unbound ' + result.unbound.length + ' setting(s):')),
                result.unbound.length ? h('ul', {}, result.unbound.map(s => h('li', {}, s.instanceId + ' · '
                    + s.settingKey))) : null,
                h('a', {href: '#/credentials'}, 'Back to the credentials')));
            replace(panel, h('h2', {}, 'Delete'), state('Deleted.'));
            reloadSoon(reload);
        } catch (e) {
            showProblem(form, e);
            reloadWhenStale(e, reload);
        }
    });
    replace(panel, h('h2', {}, 'Delete'), form);
    confirm.focus();
}

/** A deletion and the unbinds it caused (same correlation id) form one entry. */
function timeline(history) {
    if (!history || history.length === 0) return state('No history yet.');
    const groups = [];
    for (const entry of history) {
        const last = groups[groups.length - 1];
        if (last && entry.type === 'SettingUnbound' && entry.reason === 'CREDENTIAL_DELETED'
            && last.head.type === 'CredentialDeleted' && last.head.correlationId === entry.correlationId) {
            last.members.push(entry);
        } else {
            groups.push({head: entry, members: []});
        }
    }
    return h('ol', {class: 'timeline', id: 'history'}, groups.reverse().map(({head, members}) =>
        h('li', {class: head.type === 'CredentialDeleted' ? 'deletion' : null, dataset: {type: head.type}},
            h('div', {}, h('strong', {}, describe(head)), ' ', h('span', {class: 'when'}, 'by ', head.actor, ', ',
                time(head.occurredAt))),
            members.length ? h('ul', {class: 'cascade'}, members.map(m =>
                h('li', {}, 'unbound ' + m.instanceId + ' · ' + m.settingKey))) : null)));
}

function describe(entry) {
    switch (entry.type) {
        case 'CredentialCreated': return 'Created (secret version ' + entry.secretVersion + ')';
        case 'CredentialRenamed': return 'Renamed';
        case 'CredentialSecretRotated': return 'Secret rotated to version ' + entry.secretVersion;
        case 'CredentialDeleted': return 'Deleted';
        case 'CredentialRestored': return 'Restored (secret version ' + entry.secretVersion + ')';
        case 'CredentialPurged': return 'Purged: its secret is destroyed';
        case 'SettingBound': return 'Bound to ' + entry.instanceId + ' · ' + entry.settingKey;
        case 'SettingUnbound': return 'Unbound from ' + entry.instanceId + ' · ' + entry.settingKey;
        case 'SecretResolved': return 'Secret resolved by ' + entry.instanceId + ' · ' + entry.settingKey;
        default: return entry.type;
    }
}

// ------------------------------------------------------------------ instances

function instancesPage() {
    const input = h('input', {name: 'instanceId', id: 'instance-id', required: true, autocomplete: 'off'});
    const form = h('form', {class: 'toolbar', id: 'instance-form'}, field('Instance id', input),
        h('button', {type: 'submit'}, 'Open'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        if (input.value.trim()) location.hash = '#/instances/' + encodeURIComponent(input.value.trim());
    });
    page('Instances', h('p', {class: 'hint'}, 'Open an instance to see its settings and the credentials bound to them.'),
        form);
    input.focus();
}

function instancePage(instanceId) {
    flashBox = h('div', {id: 'flash', role: 'status'});
    const settings = h('div', {id: 'instance-settings'}, state('Loading…'));
    const latest = latestOnly();
    async function load() {
        const turn = latest.next();
        try {
            const answer = await api.query('/api/instances/' + encodeURIComponent(instanceId) + '/settings');
            if (latest.isCurrent(turn)) redraw(settings, settingsTable(instanceId, answer, load));
        } catch (e) {
            if (latest.isCurrent(turn)) replace(settings, state(e.message, 'error'));
        }
    }
    // the settings table is the only part a refresh redraws; the forms below it are built once
    page('Instance ' + instanceId, h('p', {}, h('a', {href: '#/instances'}, '← Instances')), flashBox, settings,
        canWrite() ? instanceActions(instanceId, load) : null);
    refreshCurrent = load;
    load();
}

function settingsTable(instanceId, settings, reload) {
    if (settings.length === 0) return state('No setting of this instance is bound.');
    return h('table', {id: 'settings-table'},
        h('thead', {}, h('tr', {}, ['Setting', 'Credential', 'Provider', 'Bound'].map(t => h('th', {scope: 'col'}, t)),
            canWrite() ? h('th', {scope: 'col'}, 'Actions') : null)),
        h('tbody', {}, settings.map(s => h('tr', {dataset: {setting: s.settingKey}},
            h('td', {class: 'mono'}, s.settingKey),
            h('td', {}, h('a', {href: '#/credentials/' + encodeURIComponent(s.credentialId)}, s.credentialName)),
            h('td', {}, s.provider), h('td', {}, time(s.boundAt)),
            canWrite() ? h('td', {}, h('button', {type: 'button', class: 'secondary', dataset: {unbind: s.settingKey},
                'aria-label': 'Unbind ' + s.settingKey, onclick: async () => {
                    try {
                        await api.command('DELETE', '/api/instances/' + encodeURIComponent(instanceId)
                            + '/settings/' + encodeURIComponent(s.settingKey));
                        flash('Unbound ' + s.settingKey + '.');
                        reloadSoon(reload);
                    } catch (e) {
                        flashProblem(e.message);
                    }
                }}, 'Unbind')) : null))));
}

function instanceActions(instanceId, reload) {
    const key = h('input', {name: 'settingKey', id: 'instance-setting', required: true, autocomplete: 'off',
        class: 'mono', placeholder: 'openai.default'});
    const credential = h('input', {name: 'credentialId', id: 'instance-credential', required: true,
        autocomplete: 'off', class: 'mono'});
    const form = h('form', {class: 'panel', id: 'instance-bind-form', novalidate: true},
        h('h2', {}, 'Bind or replace a setting'), formError(),
        h('p', {class: 'hint'}, 'Binding a setting that is already bound replaces its credential (same provider only).'),
        h('div', {class: 'grid'}, field('Setting key', key), field('Credential id', credential)),
        h('button', {type: 'submit'}, 'Bind'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (!validate(form, {settingKey: [required, pattern(SETTING_KEY, SETTING_KEY_RULE)],
            credentialId: [required, pattern(CREDENTIAL_ID, CREDENTIAL_ID_RULE)]})) return;
        try {
            const result = await api.command('PUT', '/api/instances/' + encodeURIComponent(instanceId) + '/settings/'
                + encodeURIComponent(key.value.trim()), {credentialId: credential.value.trim()});
            clearProblems(form);
            flash(result.replacedCredentialId
                ? 'Replaced ' + result.settingKey + ': it now uses ' + result.credentialId + ' instead of '
                    + result.replacedCredentialId + '.'
                : 'Bound ' + result.settingKey + ' to ' + result.credentialId + '.');
            key.value = '';
            credential.value = '';
            reloadSoon(reload);
        } catch (e) {
            showProblem(form, e, {'provider-mismatch': 'credentialId', 'not-found': 'credentialId',
                'credential-deleted': 'credentialId'});
        }
    });
    const remove = h('button', {type: 'button', class: 'danger', id: 'remove-instance', onclick: async () => {
        if (!window.confirm('Remove instance ' + instanceId + ' and unbind all its settings?')) return;
        try {
            const result = await api.command('DELETE', '/api/instances/' + encodeURIComponent(instanceId));
            flash(h('span', {id: 'remove-result'}, 'Removed ' + instanceId + ': unbound ' + result.unbound.length
                + ' setting(s)' + (result.unbound.length ? ' (' + result.unbound.map(u => u.settingKey).join(', ') + ')'
                    : '') + '.'));
            reloadSoon(reload);
        } catch (e) {
            flashProblem(e.message);
        }
    }}, 'Remove this instance');
    return h('div', {}, form, h('div', {class: 'panel'}, h('h2', {}, 'Remove'),
        h('p', {class: 'hint'}, 'Unbinds every setting of this instance.'), remove));
}

// ------------------------------------------------------------------ audit

const AUDIT_TYPES = ['CredentialCreated', 'CredentialRenamed', 'CredentialSecretRotated', 'CredentialDeleted',
    'SettingBound', 'SettingUnbound'];

function auditPage() {
    const inputs = {
        credentialId: h('input', {name: 'credentialId', autocomplete: 'off'}),
        instanceId: h('input', {name: 'instanceId', autocomplete: 'off'}),
        actor: h('input', {name: 'actor', autocomplete: 'off'}),
        type: h('select', {name: 'type'}, h('option', {value: ''}, 'any'), AUDIT_TYPES.map(t => h('option', {value: t}, t))),
        from: h('input', {name: 'from', type: 'datetime-local', step: 1}),
        to: h('input', {name: 'to', type: 'datetime-local', step: 1}),
    };
    const chain = h('div', {id: 'chain-status'}, state('Checking the audit chain…'));
    const results = h('div', {id: 'audit-results'});
    const form = h('form', {class: 'panel', id: 'audit-form', novalidate: true}, formError(),
        h('div', {class: 'toolbar'}, field('Credential id', inputs.credentialId), field('Instance id', inputs.instanceId),
            field('Actor', inputs.actor), field('Type', inputs.type), field('From', inputs.from), field('To', inputs.to)),
        h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Filter'),
            h('button', {type: 'button', class: 'secondary', id: 'export-csv', onclick: () => exportAs('csv')}, 'Download CSV'),
            h('button', {type: 'button', class: 'secondary', id: 'export-ndjson', onclick: () => exportAs('ndjson')},
                'Download NDJSON')));
    const params = () => {
        const p = new URLSearchParams();
        for (const [name, input] of Object.entries(inputs)) {
            if (!input.value) continue;
            p.set(name, input.type === 'datetime-local' ? new Date(input.value).toISOString() : input.value.trim());
        }
        return p;
    };
    // results follow the filter as last submitted, not what is half typed into the fields
    let applied = params();
    let rows = [];
    const latest = latestOnly();
    async function load(cursor, submitted) {
        const turn = latest.next();
        const p = new URLSearchParams(applied);
        if (cursor) p.set('cursor', cursor);
        // a refresh keeps as many entries as "Load more" had shown
        else if (rows.length > 50) p.set('limit', String(Math.min(rows.length, 500)));
        try {
            const answer = await api.query('/api/audit?' + p);
            if (!latest.isCurrent(turn)) return;
            rows = cursor ? rows.concat(answer.items) : answer.items;
            redraw(results, auditTable(rows, answer.next ? () => load(answer.next) : null));
            if (submitted) clearProblems(form);
        } catch (e) {
            if (latest.isCurrent(turn)) showProblem(form, e);
        }
    }
    async function exportAs(format) {
        const p = new URLSearchParams(applied);
        p.set('format', format);
        try {
            download('audit.' + format, await api.queryBlob('/api/audit?' + p,
                format === 'csv' ? 'text/csv' : 'application/x-ndjson'));
        } catch (e) {
            showProblem(form, e);
        }
    }
    form.addEventListener('submit', event => {
        event.preventDefault();
        applied = params();
        rows = [];
        load(null, true);
    });
    page('Audit log', chain, form, results);
    const verify = () => api.query('/api/audit/verify').then(v => redraw(chain, chainNotice(v)))
        .catch(e => redraw(chain, state(e.message, 'error')));
    // the verification reads the whole chain: after changes, once per few seconds is enough
    let verifying = null;
    refreshCurrent = () => {
        load();
        verifying = verifying || setTimeout(() => {
            verifying = null;
            if (document.body.contains(chain)) verify();
        }, 3000);
    };
    verify();
    load();
}

function chainNotice(v) {
    return h('div', {class: 'notice ' + (v.valid ? 'ok' : 'danger')},
        v.valid ? 'Audit chain verified: ' + v.count + ' events, none altered.'
            : 'The audit chain does not verify: an event was altered, removed or reordered. See the operations runbook.');
}

function auditTable(rows, more) {
    if (rows.length === 0) return state('No audit entry matches.');
    return h('div', {}, h('table', {id: 'audit-table'},
        h('thead', {}, h('tr', {}, ['#', 'When', 'Type', 'Actor', 'What'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows.map(r => h('tr', {dataset: {type: r.type}},
            h('td', {}, String(r.sequence)), h('td', {}, time(r.occurredAt)), h('td', {}, r.type),
            h('td', {}, r.actor), h('td', {}, r.summary || ''))))),
        more ? h('div', {class: 'pager'}, h('button', {type: 'button', class: 'secondary', id: 'audit-more',
            onclick: more}, 'Load more')) : null);
}

// ------------------------------------------------------------------ tokens

function tokensPage() {
    const list = h('div', {id: 'token-list'}, state('Loading tokens…'));
    const issued = h('div', {id: 'issued'});
    async function load() {
        try {
            redraw(list, tokenTable(await api.command('GET', '/api/tokens'), load, issued));
        } catch (e) {
            replace(list, state(e.message, 'error'));
        }
    }
    page('Tokens', canWrite() ? issueForm(issued, load) : null, issued, list);
    refreshCurrent = load;
    load();
}

function issueForm(issued, reload) {
    const name = h('input', {name: 'name', id: 'token-name', required: true, autocomplete: 'off'});
    const role = h('select', {name: 'role', id: 'token-role'}, ['ADMIN', 'AUDITOR', 'INSTANCE'].map(r => h('option', {value: r}, r)));
    const instance = h('input', {name: 'instanceId', id: 'token-instance', autocomplete: 'off'});
    const form = h('form', {class: 'panel', id: 'issue-form', novalidate: true}, h('h2', {}, 'Issue a token'), formError(),
        h('div', {class: 'toolbar'}, field('Name', name), field('Role', role),
            field('Instance id (instance tokens only)', instance)),
        h('button', {type: 'submit'}, 'Issue'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const instanceRules = role.value === 'INSTANCE'
            ? [required, pattern(INSTANCE_ID, INSTANCE_ID_RULE)]
            : [value => value.trim() ? 'only an instance token names an instance' : null];
        if (!validate(form, {name: [required, pattern(TOKEN_NAME, TOKEN_NAME_RULE)], instanceId: instanceRules})) {
            return;
        }
        try {
            const body = {name: name.value.trim(), role: role.value};
            if (role.value === 'INSTANCE') body.instanceId = instance.value.trim();
            showIssuedToken(issued, await api.command('POST', '/api/tokens', body));
            name.value = '';
            instance.value = '';
            clearProblems(form);
            reloadSoon(reload);
        } catch (e) {
            showProblem(form, e, {'duplicate-name': 'name'});
        }
    });
    return form;
}

/** The new token, shown once with a copy button: after an issue or a replacement. */
function showIssuedToken(issued, answer) {
    const value = h('code', {id: 'token-value'}, answer.token);
    const copied = h('span', {role: 'status'});
    const what = answer.replaces
        ? 'Replacement token for ' + answer.name + ' (the old one keeps working until its grace period ends).'
        : 'Token for ' + answer.name + '.';
    replace(issued, h('div', {class: 'notice warn'},
        h('p', {}, what + ' Copy it now: it is shown only once.'),
        h('div', {class: 'secret-once'}, value, h('button', {type: 'button', id: 'copy-token', onclick: async () => {
            try {
                await navigator.clipboard.writeText(answer.token);
                copied.textContent = 'Copied.';
            } catch (e) {
                copied.textContent = 'Copy it by hand: the browser refused the clipboard.';
            }
        }}, 'Copy'), copied),
        h('button', {type: 'button', class: 'link', onclick: () => replace(issued)}, 'I have stored it')));
}

function tokenTable(tokens, reload, issued) {
    if (tokens.length === 0) return state('No token has been issued.');
    const act = async (t, action) => {
        try {
            await action();
        } catch (e) {
            window.alert(e.message);
        }
        reload();
    };
    return h('table', {id: 'tokens-table'},
        h('thead', {}, h('tr', {}, ['Name', 'Role', 'Instance', 'Issued', 'Expires', 'Status'].map(t => h('th', {scope: 'col'}, t)),
            canWrite() ? h('th', {scope: 'col'}, 'Actions') : null)),
        h('tbody', {}, tokens.map(t => h('tr', {dataset: {name: t.name, id: t.id}},
            h('td', {}, t.name), h('td', {}, t.role), h('td', {}, t.instanceId || '—'), h('td', {}, time(t.createdAt)),
            h('td', {}, t.expiresAt ? time(t.expiresAt) : 'never'),
            h('td', {}, badge((t.status || (t.revokedAt ? 'REVOKED' : 'ACTIVE')).toLowerCase()),
                t.replacedBy ? ' replaced' : null),
            canWrite() ? h('td', {}, t.status !== 'ACTIVE' ? null : [
                t.replacedBy ? null : h('button', {type: 'button', class: 'secondary', 'aria-label': 'Replace ' + t.name,
                    dataset: {replace: t.name}, onclick: () => {
                        if (!window.confirm('Issue a new token for ' + t.name + '? The current one keeps working for an hour.')) return;
                        act(t, async () => showIssuedToken(issued,
                            await api.command('POST', '/api/tokens/' + encodeURIComponent(t.id) + '/replacement')));
                    }}, 'Replace'),
                h('button', {type: 'button', class: 'secondary', 'aria-label': 'Revoke ' + t.name,
                    dataset: {revoke: t.name}, onclick: () => act(t, () =>
                        api.command('DELETE', '/api/tokens/' + encodeURIComponent(t.id)))}, 'Revoke')]) : null))));
}

// ------------------------------------------------------------------ processors

function processorsPage() {
    flashBox = h('div', {id: 'flash', role: 'status'});
    const list = h('div', {id: 'processor-list'}, state('Loading processors…'));
    const latest = latestOnly();
    let shown = [];
    const started = new Set();
    const show = processors => {
        shown = processors;
        redraw(list, processorTable(processors, replay));
        for (const p of processors) {
            if (started.has(p.name) && !p.replaying) {
                started.delete(p.name);
                if (p.lastReplayError) flashProblem('Replay of ' + p.name + ' failed: ' + p.lastReplayError);
                else flash('Replay of ' + p.name + ' finished: position ' + p.position + ', lag ' + p.lag + '.');
            }
        }
    };
    async function load() {
        const turn = latest.next();
        try {
            const processors = await api.query('/api/admin/processors');
            if (latest.isCurrent(turn)) show(processors);
        } catch (e) {
            if (latest.isCurrent(turn)) replace(list, state(e.message, 'error'));
        }
    }
    // an optional pace, so that a replay of a large store leaves the database room for the live traffic
    const pace = h('input', {name: 'maxEventsPerSecond', id: 'replay-pace', type: 'number', min: 100, max: 1000000,
        step: 1, inputmode: 'numeric', autocomplete: 'off', placeholder: 'full speed'});
    const options = h('form', {class: 'panel', id: 'replay-options', novalidate: true}, formError(),
        h('div', {class: 'toolbar'}, field('Replay pace (events per second)', pace)),
        h('p', {class: 'hint'}, 'Empty: as fast as it goes. A pace leaves the database room for the live traffic '
            + 'during a long replay.'));
    options.addEventListener('submit', event => event.preventDefault());
    async function replay(name) {
        if (!validate(options, {maxEventsPerSecond: [value => !value.trim() || (/^[0-9]+$/.test(value.trim())
                && Number(value) >= 100 && Number(value) <= 1000000) ? null
            : 'must be a whole number from 100 to 1000000']})) return;
        if (!window.confirm('Empty the tables of ' + name + ' and replay every event into them?')) return;
        try {
            // the answer already says the processor replays: show it at once, then follow its progress
            const query = pace.value.trim() ? '?maxEventsPerSecond=' + encodeURIComponent(pace.value.trim()) : '';
            const answer = await api.queryPost('/api/admin/processors/' + encodeURIComponent(name) + '/replay' + query);
            latest.next();
            flash('Replay of ' + name + ' started.');
            started.add(answer.name);
            show(shown.map(p => p.name === answer.name ? answer : p));
        } catch (e) {
            if (e.status === 400) showProblem(options, e);
            else flashProblem(e.message);
        }
    }
    page('Processors', h('p', {class: 'hint'}, 'Event processors of the query side: their position in the event '
        + 'store, how far behind they are, and replays.'), flashBox, canWrite() ? options : null, list);
    refreshCurrent = load;
    load();
    const timer = setInterval(() => {
        if (!document.body.contains(list)) return clearInterval(timer);
        if (list.querySelector('[data-replaying="true"]')) load();
    }, 1000);
}

function processorTable(processors, replay) {
    return h('table', {id: 'processors-table'},
        h('thead', {}, h('tr', {}, ['Processor', 'Status', 'Position', 'Lag', 'Replay'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, processors.map(p => h('tr', {dataset: {name: p.name, replaying: String(p.replaying)}},
            h('td', {}, p.name), h('td', {class: 'processor-status'}, p.status),
            h('td', {}, p.position === null ? '—' : String(p.position)),
            h('td', {class: 'processor-lag'}, p.lag === null ? '—' : String(p.lag)),
            h('td', {}, p.replaying
                ? h('span', {class: 'replay-progress'},
                    h('progress', {max: 100, value: p.progress ? p.progress.percent : 0,
                        'aria-label': 'Replay of ' + p.name}),
                    ' ' + (p.progress ? p.progress.percent.toFixed(1) : '0.0') + ' %'
                    + (p.progress && p.progress.estimatedSecondsLeft !== null
                        ? ', about ' + p.progress.estimatedSecondsLeft + ' s left' : ''))
                : p.status === 'retired' ? null : h('button', {type: 'button', class: 'secondary',
                    'aria-label': 'Replay ' + p.name, dataset: {replay: p.name}, onclick: () => replay(p.name)},
                    'Replay'),
                p.lastReplayError ? h('div', {class: 'field-error'}, 'Last replay failed: ' + p.lastReplayError)
                    : null)))));
}

// last, so that every module-level constant above exists when the first page renders
start();
