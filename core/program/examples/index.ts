/** The shipped example programs, as source text (bundled as text by esbuild, read as files by tests). */
import retail from './retail.yaml?raw';
import b2bAccounts from './b2b-accounts.yaml?raw';

export const EXAMPLE_PROGRAMS = { retail, 'b2b-accounts': b2bAccounts } as const;
export type ExampleProgram = keyof typeof EXAMPLE_PROGRAMS;
export const DEFAULT_PROGRAM: ExampleProgram = 'retail';
