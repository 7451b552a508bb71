/**
 * Reads a program file (YAML or JSON) and validates it, reporting every problem with the
 * path inside the program (`tiers[1].enter`) and the line it sits on.
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { translator, type Locale, type Translate } from '../i18n/index.js';
import { ProgramSchema, formatPath, type Program } from './schema.js';

export interface ProgramProblem {
  /** Path inside the program, e.g. `tiers[1].enter`; empty for the whole file. */
  path: string;
  /** 1-based line in the source, when the source is text. */
  line?: number;
  message: string;
}

export type ProgramResult = { ok: true; program: Program } | { ok: false; problems: ProgramProblem[] };

const zodLocales: Record<Locale, () => { localeError: z.core.$ZodErrorMap }> = {
  en: z.locales.en,
  'zh-CN': z.locales.zhCN,
};

/** Validates an already-parsed program object. */
export function validateProgram(input: unknown, locale: Locale = 'en'): ProgramResult {
  const t = translator(locale);
  const zodLocale = zodLocales[locale]();
  const parsed = ProgramSchema.safeParse(input, { error: (iss) => zodLocale.localeError(iss) as string });
  if (parsed.success) return { ok: true, program: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => toProblem(i, t)) };
}

function toProblem(i: z.core.$ZodIssue, t: Translate): ProgramProblem {
  // Unknown keys are reported on the parent; name the key so the reader can find it.
  if (i.code === 'unrecognized_keys') {
    const path = formatPath([...i.path, i.keys[0] ?? '']);
    return { path, message: t('program.unknownKey', { keys: i.keys.join(', ') }) };
  }
  // Our own rules carry an i18n key as their message and their values in `params`.
  if (MESSAGE_KEY.test(i.message)) {
    const params = i.code === 'custom' ? i.params : undefined;
    return { path: formatPath(i.path), message: t(i.message, params) };
  }
  return { path: formatPath(i.path), message: i.message };
}

const MESSAGE_KEY = /^program\.[a-zA-Z]+$/;

/** Parses YAML or JSON text and validates it; problems carry line numbers. */
export function parseProgram(text: string, locale: Locale = 'en'): ProgramResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const t = translator(locale);
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: t('program.syntax', { detail: e.message.split('\n')[0] }),
      })),
    };
  }
  const result = validateProgram(doc.toJS(), locale);
  if (result.ok) return result;
  return {
    ok: false,
    problems: result.problems.map((p) => ({ ...p, line: lineOf(doc, lineCounter, p.path) })),
  };
}

/** The line of the deepest node that exists along `path`. */
function lineOf(doc: Document, lines: LineCounter, path: string): number | undefined {
  const parts = parsePath(path);
  for (let n = parts.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(parts.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[1] !== undefined) parts.push(m[1]);
  }
  return parts;
}

/** One line per problem, as the CLI prints it: `file:line path: message`. */
export function formatProblems(problems: readonly ProgramProblem[], file?: string): string[] {
  return problems.map((p) => {
    const where = [file, p.line].filter((x) => x !== undefined).join(':');
    const at = p.path ? `${p.path}: ` : '';
    return `${where ? `${where} ` : ''}${at}${p.message}`;
  });
}
