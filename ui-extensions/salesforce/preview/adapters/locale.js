// `@salesforce/i18n/locale`: the page's language as a Salesforce user locale.
import { pageLanguage } from './host.js';

export default pageLanguage() === 'zh-CN' ? 'zh-CN' : 'en-US';
