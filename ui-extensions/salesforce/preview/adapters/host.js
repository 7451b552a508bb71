// The page element the preview is mounted in; its data-* attributes name the record and language.
export const HOST_ID = 'vip-care-preview';

export function previewHost() {
    return typeof document === 'undefined' ? null : document.getElementById(HOST_ID);
}

/** The language the page asks for: `zh-CN`, or English for anything else. */
export function pageLanguage() {
    return previewHost()?.dataset.locale === 'zh-CN' ? 'zh-CN' : 'en';
}
