/**
 * Reading and driving the rendered card through its shadow trees (native shadow DOM in jsdom),
 * as a user meets it: text in layout order, buttons clicked, fields typed into.
 */

function childrenOf(node: Node): Node[] {
  if (node instanceof HTMLSlotElement) {
    const assigned = node.assignedNodes({ flatten: true });
    return assigned.length ? assigned : [...node.childNodes];
  }
  if (node instanceof Element && node.shadowRoot) return [...node.shadowRoot.childNodes];
  return [...node.childNodes];
}

function* composed(root: Node): Generator<Node> {
  for (const child of childrenOf(root)) {
    yield child;
    if (!(child instanceof HTMLStyleElement)) yield* composed(child);
  }
}

/** A rendered element: HTML, or SVG (the score history chart). */
export type Rendered = HTMLElement | SVGElement;

/** Every element matching `selector` in `root` and the shadow trees and slots below it, in layout order. */
export function deepQueryAll(root: Node, selector: string): Rendered[] {
  return [...composed(root)].filter((n): n is Rendered => (n instanceof HTMLElement || n instanceof SVGElement) && n.matches(selector));
}

export function byDataId(root: Node, id: string): Rendered {
  const found = deepQueryAll(root, `[data-id="${id}"]`)[0];
  if (!found) throw new Error(`Nothing with data-id="${id}" is rendered`);
  return found;
}

export function allByDataId(root: Node, id: string): Rendered[] {
  return deepQueryAll(root, `[data-id="${id}"]`);
}

/** The i-th of a list, or a failure that says it is missing. */
export function nth<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`Expected at least ${index + 1} items, found ${list.length}`);
  return item;
}

export function has(root: Node, id: string): boolean {
  return allByDataId(root, id).length > 0;
}

/** The text a reader meets, whitespace collapsed: shadow content and slotted content in place. */
export function renderedText(root: Node): string {
  const parts: string[] = [];
  for (const node of composed(root)) {
    if (node.nodeType === Node.TEXT_NODE && !(node.parentNode instanceof HTMLStyleElement)) parts.push(node.textContent ?? '');
    else if (node instanceof HTMLElement) parts.push(' ');
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Lets LWC re-render and pending promises settle. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** What a lightning-* stub rendered for its properties (its first element's data-* attributes). */
export function stubData(host: Element | null | undefined): Record<string, string | undefined> {
  const inner = host?.shadowRoot?.firstElementChild;
  if (!(inner instanceof HTMLElement)) throw new Error(`${host?.localName ?? 'nothing'} rendered nothing`);
  return { ...inner.dataset };
}

/** The native control inside a lightning-* stub (button, input, textarea, select). */
export function controlOf(host: Element): HTMLElement {
  const control = host.shadowRoot?.querySelector('button, input, textarea, select');
  if (!(control instanceof HTMLElement)) throw new Error(`${host.localName} renders no control`);
  return control;
}

/** Clicks a lightning-button as a user would: a disabled one does nothing. */
export async function click(host: Element): Promise<void> {
  controlOf(host).click();
  await flush();
}

export function isDisabled(host: Element): boolean {
  const control = controlOf(host);
  return control instanceof HTMLButtonElement || control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement || control instanceof HTMLSelectElement
    ? control.disabled
    : false;
}

/** Types into a lightning-input / -textarea (replacing its value). */
export async function typeInto(host: Element, value: string): Promise<void> {
  const control = controlOf(host);
  if (!(control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement)) throw new Error(`${host.localName} is not a text field`);
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  await flush();
}

/** Picks an option of a lightning-combobox. */
export async function choose(host: Element, value: string): Promise<void> {
  const control = controlOf(host);
  if (!(control instanceof HTMLSelectElement)) throw new Error(`${host.localName} is not a combobox`);
  control.value = value;
  control.dispatchEvent(new Event('change', { bubbles: true }));
  await flush();
}

/** The validation message a lightning-* field shows ('' when none). */
export function messageOf(host: Element): string {
  return host.shadowRoot?.querySelector('[data-id="message"]')?.textContent?.trim() ?? '';
}

/** The element that has the focus, through shadow roots. */
export function focusedElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
