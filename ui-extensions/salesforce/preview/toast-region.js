// Toasts in the preview: what the platform shows as a toast is written into a live region
// above the card (text only, via textContent), in SLDS toast markup.
const THEMES = { success: 'slds-theme_success', error: 'slds-theme_error', warning: 'slds-theme_warning', info: 'slds-theme_info' };

function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text) {
        node.textContent = text;
    }
    return node;
}

/** Creates the region at the top of `host` and fills it with each toast the card dispatches. */
export function announceToasts(host) {
    const region = element('div', 'vip-preview-toasts slds-m-bottom_small');
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('aria-atomic', 'true');
    region.dataset.id = 'toasts';
    host.prepend(region);
    document.addEventListener('lightning__showtoast', (event) => {
        const { title, message, variant } = event.detail ?? {};
        const toast = element('div', `slds-notify slds-notify_toast slds-m-around_none ${THEMES[variant] ?? THEMES.info}`);
        toast.dataset.variant = variant ?? 'info';
        const content = element('div', 'slds-notify__content');
        content.append(element('h2', 'slds-text-heading_small', title));
        if (message) {
            content.append(element('p', '', message));
        }
        toast.append(content);
        region.replaceChildren(toast);
    });
}
