import type { en } from './en.js';

/** Same keys as the English catalog, any text: a missing translation is a type error. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalog = Widen<typeof en>;
