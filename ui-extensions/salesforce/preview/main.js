// The VIP card outside Salesforce (LWC OSS): the same components, with the platform's modules
// answered by ./adapters and the base components by ./lightning, for a read-only preview page.
// Synthetic shadow, as on the platform, so the page's global SLDS stylesheet reaches every part.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import VipCareCard from 'c/vipCareCard';
import cardTitle from '@salesforce/label/c.VipCare_CardTitle';
import { previewHost } from './adapters/host.js';
import { announceToasts } from './toast-region.js';

const host = previewHost();
if (host) {
    // A page without a title is announced by its address; the card's name is a better one.
    if (!document.title) {
        document.title = cardTitle;
    }
    announceToasts(host);
    const card = createElement('c-vip-care-card', { is: VipCareCard });
    card.recordId = host.dataset.recordId;
    card.objectApiName = host.dataset.objectApiName;
    host.appendChild(card);
}
