export type ModuleRoots = Readonly<Record<string, string>>;
export interface ComponentId {
  namespace: string;
  name: string;
}
export interface ApexMethod {
  cacheable: boolean;
  params: string[];
}
export declare const LWC_DIR: string;
export declare const CLASSES_DIR: string;
export declare const API_VERSION: number;
export declare const EMPTY_TEMPLATE: string;
export declare const EMPTY_STYLESHEET: string;
export declare function componentEntry(roots: ModuleRoots, specifier: string): string | null;
export declare function componentOf(roots: ModuleRoots, file: string): ComponentId | null;
export declare function isOptionalImplicitImport(importee: string, importer: string): boolean;
export declare function compileComponentFile(source: string, file: string, component: ComponentId, options?: { scoped?: boolean }): string;
export declare function auraEnabledMethods(className: string, dir?: string): Map<string, ApexMethod>;
export declare function apexImport(specifier: string): ({ className: string; method: string } & ApexMethod) | null;
export declare function labelImport(specifier: string): string | null;
