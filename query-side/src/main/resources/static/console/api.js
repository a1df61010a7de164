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

    /** The field a validation message names ('name' must not be blank), if any. */
    fields() {
        const found = new Set();
        for (const match of (this.problem.detail || '').matchAll(/'([A-Za-z]+)'/g)) found.add(match[1]);
        return [...found];
    }
}

async function call(base, method, path, body, accept) {
    const headers = {Authorization: 'Bearer ' + token(), Accept: accept || 'application/json'};
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

/** The command side: the URL the query side's configuration names. */
export async function command(method, path, body) {
    return json(await call(commandUrl, method, path, body));
}
