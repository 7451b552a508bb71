import { LightningElement, api } from 'lwc';

/** lightning-card: SLDS card with a header (icon, title as h2) and a body slot. */
export default class Card extends LightningElement {
    @api title;
    @api iconName;
}
