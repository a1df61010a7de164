// Follows GET /api/stream with fetch (so the Authorization header goes along, which EventSource cannot send),
// parses the server-sent events, and reconnects with Last-Event-ID so nothing is missed in between.

import {token} from './api.js';

let lastEventId = null;
let controller = null;
const listeners = new Set();

export function onChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

export function stopLive() {
    if (controller) controller.abort();
    controller = null;
}

export function startLive(status) {
    stopLive();
    const current = new AbortController();
    controller = current;
    run(current, status);
}

async function run(current, status) {
    let delay = 500;
    while (!current.signal.aborted) {
        try {
            const headers = {Authorization: 'Bearer ' + token(), Accept: 'text/event-stream'};
            if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
            const response = await fetch('/api/stream', {headers, signal: current.signal, cache: 'no-store'});
            if (!response.ok) throw new Error('stream answered ' + response.status);
            status(true);
            delay = 500;
            await read(response.body.getReader());
        } catch (e) {
            if (current.signal.aborted) return;
        }
        status(false);
        await new Promise(resolve => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10000);
    }
}

async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
        const {value, done} = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, {stream: true});
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.substring(0, end));
            buffer = buffer.substring(end + 2);
        }
    }
}

function dispatch(block) {
    let name = 'message';
    let data = '';
    for (const line of block.split('\n')) {
        if (line.startsWith('id:')) lastEventId = line.substring(3).trim();
        else if (line.startsWith('event:')) name = line.substring(6).trim();
        else if (line.startsWith('data:')) data += line.substring(5).trim();
    }
    if (name !== 'change' && name !== 'reload') return;
    const change = name === 'reload' ? {type: 'reload'} : JSON.parse(data);
    listeners.forEach(listener => listener(change));
}
