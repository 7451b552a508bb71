// `@salesforce/apex`: refreshApex reloads the wire that provided the value.
import { refreshWired } from './getCard.js';

export function refreshApex(value) {
    return refreshWired(value);
}
