import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';

const STYLES = { decimal: 'decimal', percent: 'percent', currency: 'currency' };

/** lightning-formatted-number: the value in the user's locale (percent takes a 0-1 ratio, as on the platform). */
export default class FormattedNumber extends LightningElement {
    @api value;
    @api formatStyle = 'decimal';
    @api currencyCode;
    @api minimumFractionDigits;
    @api maximumFractionDigits;

    get formatted() {
        const number = Number(this.value);
        if (this.value === null || this.value === undefined || this.value === '' || Number.isNaN(number)) {
            return '';
        }
        const options = { style: STYLES[this.formatStyle] ?? 'decimal' };
        if (options.style === 'currency') {
            options.currency = this.currencyCode || 'USD';
        }
        if (this.minimumFractionDigits !== undefined) {
            options.minimumFractionDigits = Number(this.minimumFractionDigits);
        }
        if (this.maximumFractionDigits !== undefined) {
            options.maximumFractionDigits = Number(this.maximumFractionDigits);
        }
        try {
            return new Intl.NumberFormat(LOCALE, options).format(number);
        } catch {
            return String(number);
        }
    }
}
