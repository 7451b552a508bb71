// `@salesforce/label/c.*`: the values of CustomLabels.labels-meta.xml and the zh_CN translation,
// inlined at build time, in the page's language.
import CATALOGS from 'vip-care:label-catalogs';
import { pageLanguage } from './host.js';

export function label(name) {
    return CATALOGS[pageLanguage()][name] ?? CATALOGS.en[name] ?? '';
}
