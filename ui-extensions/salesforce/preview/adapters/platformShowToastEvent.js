// `lightning/platformShowToastEvent`: the event the platform turns into a toast; the preview's
// toast region listens for it on the document.
export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super('lightning__showtoast', { detail: { ...toast }, bubbles: true, composed: true, cancelable: true });
    }
}
