import { LightningElement, api } from 'lwc';
import ICONS from 'vip-care:icons';

const SIZES = { 'xx-small': 'slds-icon_xx-small', 'x-small': 'slds-icon_x-small', small: 'slds-icon_small', medium: '', large: 'slds-icon_large' };
const UTILITY_TONES = { error: 'slds-icon-text-error', warning: 'slds-icon-text-warning', success: 'slds-icon-text-success', inverse: '' };

/**
 * lightning-icon: the SLDS icon, its shapes inlined at build time from the SLDS icon files (no
 * sprite to fetch). Decorative unless it has an alternative text.
 */
export default class Icon extends LightningElement {
    @api iconName;
    @api size = 'medium';
    @api variant;
    @api alternativeText;
    @api title;

    get shape() {
        return ICONS[this.iconName] ?? { viewBox: '0 0 520 520', paths: [] };
    }

    get paths() {
        return this.shape.paths.map((d, index) => ({ key: index, d }));
    }

    get category() {
        return String(this.iconName ?? '').split(':')[0];
    }

    get containerClass() {
        const name = String(this.iconName ?? '').split(':')[1] ?? '';
        return this.category === 'utility' ? 'slds-icon_container' : `slds-icon_container slds-icon-${this.category}-${name.replace(/_/g, '-')}`;
    }

    get svgClass() {
        const size = SIZES[this.size] ?? '';
        const tone = this.category === 'utility' ? UTILITY_TONES[this.variant] ?? 'slds-icon-text-default' : '';
        return ['slds-icon', size, tone].filter(Boolean).join(' ');
    }
}
