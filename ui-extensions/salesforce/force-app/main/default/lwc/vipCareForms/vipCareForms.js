// Checks of the card's forms (the limits core/card/actions.ts enforces, checked here first so the
// rep sees why) and the idempotency key of each form entry.
import { LABELS, formatLabel } from 'c/vipCareLabels';

export const LIMITS = Object.freeze({ note: 2000, summary: 2000, comment: 5000 });
export const TOUCH_KINDS = Object.freeze(['call', 'meeting', 'email', 'message', 'visit', 'other']);
export const FEEDBACK_KINDS = Object.freeze(['nps', 'csat', 'ces']);
export const SCORE_RANGES = Object.freeze({ nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 }, ces: { min: 1, max: 7 } });

/** Each returns the message to show, or '' when the value is fine. */
export function noteProblem(note) {
    return String(note ?? '').trim().length > LIMITS.note ? formatLabel(LABELS.noteTooLong, LIMITS.note) : '';
}

export function summaryProblem(summary) {
    const trimmed = String(summary ?? '').trim();
    if (trimmed === '') {
        return LABELS.summaryRequired;
    }
    return trimmed.length > LIMITS.summary ? formatLabel(LABELS.summaryTooLong, LIMITS.summary) : '';
}

export function commentProblem(comment) {
    return String(comment ?? '').trim().length > LIMITS.comment ? formatLabel(LABELS.commentTooLong, LIMITS.comment) : '';
}

/** The score typed into a number field, or null when nothing (or nothing numeric) was typed. */
export function parseScore(raw) {
    const trimmed = String(raw ?? '').trim();
    if (trimmed === '') {
        return null;
    }
    const score = Number(trimmed);
    return Number.isFinite(score) ? score : NaN;
}

export function scoreProblem(kind, raw) {
    const { min, max } = SCORE_RANGES[kind];
    const score = parseScore(raw);
    if (score === null) {
        return LABELS.scoreRequired;
    }
    return Number.isInteger(score) && score >= min && score <= max ? '' : formatLabel(LABELS.scoreRange, min, max);
}

/** Shows a problem under a lightning-input/-textarea (or clears it); true when the field is fine. */
export function reportField(field, problem) {
    if (!field) {
        return !problem;
    }
    field.setCustomValidity(problem);
    field.reportValidity();
    return !problem;
}

/** A key unique to one submitted entry. Not a secret: it only has to be unique per user and record. */
export function newRequestKey() {
    const cryptoApi = typeof crypto === 'undefined' ? undefined : crypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === 'function') {
        return cryptoApi.randomUUID();
    }
    if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') {
        const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    }
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * The key of one form entry: made on its first submit, kept when that submit fails so a retry of
 * the same entry is recorded once, dropped when the entry changes or is accepted.
 */
export function createEntryKey() {
    let key = null;
    return {
        take() {
            key = key ?? newRequestKey();
            return key;
        },
        reset() {
            key = null;
        }
    };
}
