// `@salesforce/apex/VipCareCardController.getCard` in the preview: the page's own view URL
// answers what the controller would (200 the view, 404 CUSTOMER_NOT_FOUND passed through as data,
// anything else an error with the server's message). Callable, and a wire adapter.
import { apexError } from './apexError.js';
import { previewHost } from './host.js';

/** Each value a wire was given, to the adapter that gave it: refreshApex(value) reloads that wire. */
const provisions = new WeakMap();

function errorMessage(text) {
    try {
        const message = JSON.parse(text)?.error?.message;
        return typeof message === 'string' && message.trim() ? message : null;
    } catch {
        return null;
    }
}

function isNotFound(text) {
    try {
        return JSON.parse(text)?.error?.code === 'CUSTOMER_NOT_FOUND';
    } catch {
        return false;
    }
}

async function loadView() {
    const host = previewHost();
    const url = new URL(host?.dataset.viewUrl ?? '', window.location.href);
    if (url.origin !== window.location.origin) {
        throw apexError(400, null);
    }
    url.searchParams.set('locale', host?.dataset.locale ?? 'en');
    let response;
    try {
        response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    } catch {
        throw apexError(0, null);
    }
    const text = await response.text();
    if (response.ok || (response.status === 404 && isNotFound(text))) {
        return text;
    }
    throw apexError(response.status, errorMessage(text));
}

class GetCardAdapter {
    constructor(provide) {
        this.provide = provide;
        this.disconnected = false;
        this.sequence = 0;
    }

    connect() {
        this.disconnected = false;
    }

    disconnect() {
        this.disconnected = true;
    }

    /** The record comes from the page, so any config change just loads the view again. */
    update() {
        this.load();
    }

    async load() {
        this.sequence += 1;
        const mine = this.sequence;
        let value;
        try {
            value = { data: await loadView(), error: undefined };
        } catch (error) {
            value = { data: undefined, error };
        }
        // Only the latest load speaks, and only to a card still on the page.
        if (mine === this.sequence && !this.disconnected) {
            provisions.set(value, this);
            this.provide(value);
        }
    }
}

export function refreshWired(value) {
    const adapter = value ? provisions.get(value) : undefined;
    return adapter ? adapter.load() : Promise.resolve();
}

export default function getCard() {
    return loadView();
}
getCard.adapter = GetCardAdapter;
