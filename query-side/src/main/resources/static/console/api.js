// Talks to both sides with the signed-in token. The token lives in sessionStorage only: never in a URL, a cookie
// or a log, and it is gone when the tab closes.

const TOKEN = 'credreg.console.token';
let commandUrl = null;

export function token() {
    return sessionStorage.getItem(TOKEN);
}

export function signIn(value) {
    sessionStorage.setItem(TOKEN, value);
}

export function signOut() {
    sessionStorage.removeItem(TOKEN);
}

export function setCommandUrl(url) {
    commandUrl = url;
}

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem && problem.detail ? problem.detail : 'The request failed with status ' + status + '.');
        this.status = status;
        this.problem = problem || {};
    }

    /**
     * What was wrong, one entry per violation: a 400's detail names each field in quotes ("'name' must not be
     * blank; 'secret' must not be blank"), so each can be shown under its field; any other problem is one message,
     * placed under the field that fieldsByRule names for its type's rule (a duplicate name under the name).
     */
    violations(fieldsByRule = {}) {
        const detail = this.problem.detail;
        if (this.rule() === 'version-mismatch') {
            // the stream's version is not the secret's version a person sees on the page, so it is not named here
            return [{field: null, message: 'This credential changed since the page showed it. The page now shows '
                + 'it as it is: check it, then try again.'}];
        }
        if (this.status !== 400 || !detail) return [{field: fieldsByRule[this.rule()] || null, message: this.message}];
        return detail.split('; ').map(part => {
            const named = part.match(/^'([A-Za-z]+)' (.+)$/s);
            return named ? {field: named[1], message: named[2]} : {field: null, message: part};
        });
    }

    /** The problem type's rule: the last segment of its type URI ("duplicate-name"), or null. */
    rule() {
        const type = this.problem.type;
        return typeof type === 'string' && type.includes('/problems/') ? type.substring(type.lastIndexOf('/') + 1)
            : null;
    }
}

async function call(base, method, path, body, accept, extraHeaders = {}) {
    const headers = {...extraHeaders, Authorization: 'Bearer ' + token(), Accept: accept || 'application/json'};
    const init = {method, headers, cache: 'no-store'};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(base + path, init);
    } catch (e) {
        throw new ApiError(0, {detail: 'The registry did not answer (' + (base || 'query side') + '). Is it running?'});
    }
    if (!response.ok) {
        let problem = null;
        try {
            problem = await response.json();
        } catch (ignored) {
            problem = null;
        }
        throw new ApiError(response.status, problem);
    }
    return response;
}

async function json(response) {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
}

/** The query side: this origin. */
export async function query(path) {
    return json(await call('', 'GET', path));
}

export async function queryWithHeaders(path) {
    const response = await call('', 'GET', path);
    return {body: await json(response), headers: response.headers};
}

export async function queryBlob(path, accept) {
    return (await call('', 'GET', path, undefined, accept)).blob();
}

export async function queryPost(path, body) {
    return json(await call('', 'POST', path, body));
}

/**
 * The command side: the URL the query side's configuration names. Every change carries an Idempotency-Key made for
 * this one action, so when the registry's answer is lost on the way the same request is sent again with the same key
 * and done at most once. {@code options.version}, the credential's version the person saw (its ETag), goes out as
 * If-Match: a credential that changed since answers 412 and is left alone.
 */
export async function command(method, path, body, options = {}) {
    if (method === 'GET') return json(await call(commandUrl, method, path, body));
    const headers = {'Idempotency-Key': newIdempotencyKey()};
    if (options.version !== undefined && options.version !== null) headers['If-Match'] = '"' + options.version + '"';
    for (let attempt = 1; ; attempt++) {
        try {
            return json(await call(commandUrl, method, path, body, undefined, headers));
        } catch (e) {
            // status 0: no answer reached the browser, so whether it was done is unknown; the key makes asking again safe
            if (e.status !== 0 || attempt === LOST_ANSWER_ATTEMPTS) throw e;
            await new Promise(resolve => setTimeout(resolve, 500 * attempt));
        }
    }
}

const LOST_ANSWER_ATTEMPTS = 3;

/** 128 random bits; crypto.randomUUID exists only on https and localhost, getRandomValues everywhere. */
function newIdempotencyKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return 'console-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
