/** `lightning/platformShowToastEvent`, as the platform dispatches it: a composed, bubbling event the test can listen for. */
export interface ToastDetail {
  title: string;
  message?: string;
  variant?: 'info' | 'success' | 'warning' | 'error';
  mode?: 'dismissible' | 'pester' | 'sticky';
}

export const SHOW_TOAST = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<ToastDetail> {
  constructor(detail: ToastDetail) {
    super(SHOW_TOAST, { detail, bubbles: true, composed: true, cancelable: true });
  }
}
