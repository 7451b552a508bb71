// What the VIP Care controller answers, read without trusting its shape: the card view (JSON of
// core/card/view.ts), the backend's 404 CUSTOMER_NOT_FOUND body, or an Apex error to explain.

export const CUSTOMER_NOT_FOUND = 'CUSTOMER_NOT_FOUND';
const STATUSES = ['vip', 'not_vip', 'not_scored'];
const LISTS = ['reasons', 'topContributions', 'flags', 'nextActions', 'complaints'];

function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value) {
    return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A shallow check of what the card reads first; the contract suite pins the whole schema. */
export function isCardView(value) {
    return (
        isObject(value) &&
        value.version === 1 &&
        STATUSES.includes(value.status) &&
        isObject(value.customer) &&
        isObject(value.feedback) &&
        LISTS.every((key) => Array.isArray(value[key])) &&
        typeof value.openTasks === 'number' &&
        typeof value.openComplaints === 'number'
    );
}

/**
 * `{ kind: 'view', view }`, `{ kind: 'notFound', message }` (the record is not in the program
 * yet), or `{ kind: 'invalid' }` for anything else.
 */
export function readCardResponse(body) {
    let parsed;
    try {
        parsed = typeof body === 'string' ? JSON.parse(body) : body;
    } catch {
        return { kind: 'invalid' };
    }
    if (isCardView(parsed)) {
        return { kind: 'view', view: parsed };
    }
    if (isObject(parsed) && isObject(parsed.error) && parsed.error.code === CUSTOMER_NOT_FOUND) {
        return { kind: 'notFound', message: text(parsed.error.message) };
    }
    return { kind: 'invalid' };
}

/**
 * The plain-language message of a failed Apex call (the AuraHandledException text, from a wire
 * or an imperative call), or null when there is none a rep could read.
 */
export function errorMessage(error) {
    const body = isObject(error) ? error.body : undefined;
    if (Array.isArray(body)) {
        const messages = body.map((entry) => (isObject(entry) ? text(entry.message) : null)).filter(Boolean);
        return messages.length ? messages.join(' ') : null;
    }
    return isObject(body) ? text(body.message) : null;
}
