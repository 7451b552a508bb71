import { LightningElement, api } from 'lwc';

/** lightning-badge: the host is the SLDS badge, so theme classes set on it apply. */
export default class Badge extends LightningElement {
    @api label;
    @api iconName;

    connectedCallback() {
        this.classList.add('slds-badge');
    }
}
