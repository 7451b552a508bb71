import { LightningElement, api } from 'lwc';

/** The raw value as text; the format options as data attributes a test can assert. */
export default class FormattedNumber extends LightningElement {
    @api value;
    @api formatStyle = 'decimal';
    @api currencyCode;
    @api currencyDisplayAs;
    @api minimumFractionDigits;
    @api maximumFractionDigits;
}
