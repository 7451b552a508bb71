// The card's actions in the preview: refused, in the page's language, as a failed Apex call.
import message from '@salesforce/label/c.VipCare_PreviewReadOnly';
import { apexError } from './apexError.js';

export default function readOnlyAction() {
    return Promise.reject(apexError(403, message));
}
