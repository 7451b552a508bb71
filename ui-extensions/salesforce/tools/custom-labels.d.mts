export declare const PROJECT_DIR: string;
export declare const LABELS_FILE: string;
export declare const TRANSLATION_FILES: Readonly<Record<string, string>>;
export declare const LABEL_LOCALES: readonly ['en', 'zh-CN'];
export type LabelLocale = (typeof LABEL_LOCALES)[number];
export declare function englishLabels(file?: string): Map<string, string>;
export declare function translatedLabels(locale: string, files?: Readonly<Record<string, string>>): Map<string, string>;
export declare function labelsFor(locale: string): Map<string, string>;
export declare function importedLabelNames(source: string): string[];
