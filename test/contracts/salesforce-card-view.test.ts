/**
 * The Salesforce card against the core contract: the VipCardView fixtures its component tests use
 * parse with the core schema, every label the components import exists in English and Chinese,
 * the form limits and kinds match the core's action schemas, and the bodies the Apex controller
 * builds carry exactly the fields of those (strict) schemas. Apex cannot run here; its source is
 * read, and its own test class asserts the same bodies in an org.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CompleteTaskBodySchema, LogTouchBodySchema, RecordFeedbackBodySchema, TOUCH_KINDS } from '../../core/card/actions.js';
import { VipCardViewSchema } from '../../core/card/view.js';
import { englishLabels, importedLabelNames, translatedLabels } from '../../ui-extensions/salesforce/tools/custom-labels.mjs';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui-extensions', 'salesforce');
const LWC = path.join(PROJECT, 'force-app', 'main', 'default', 'lwc');
const DATA = path.join(LWC, 'vipCareCard', '__tests__', 'data');
const APEX = readFileSync(path.join(PROJECT, 'force-app', 'main', 'default', 'classes', 'VipCareCardController.cls'), 'utf8');

const fixtures = readdirSync(DATA)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, value: JSON.parse(readFileSync(path.join(DATA, name), 'utf8')) as unknown }));
const views = fixtures.filter((f) => !f.name.startsWith('notFound.'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '__tests__' ? [] : sources(full);
    return full.endsWith('.js') ? [full] : [];
  });
}

/** The keys an Apex method puts into its request body (recordBody adds objectType and objectId). */
function apexBodyKeys(method: string): string[] {
  const start = APEX.indexOf(`public static String ${method}(`);
  const end = APEX.indexOf('\n    }\n', start);
  const body = APEX.slice(start, end);
  const keys = [...body.matchAll(/body\.put\('(\w+)'|putIfNotBlank\(body, '(\w+)'/g)].map((m) => m[1] ?? m[2] ?? '');
  return [...(body.includes('recordBody(') ? ['objectType', 'objectId'] : []), ...keys].sort();
}

describe('Salesforce card fixtures', () => {
  it('cover every status in English and Chinese, and a 404 body in each', () => {
    for (const locale of ['en', 'zh-CN']) {
      const statuses = views.filter((f) => f.name.endsWith(`.${locale}.json`)).map((f) => (f.value as { status: string }).status);
      expect([...new Set(statuses)].sort(), locale).toEqual(['not_scored', 'not_vip', 'vip']);
      expect(fixtures.some((f) => f.name === `notFound.${locale}.json`)).toBe(true);
    }
  });

  it.each(views)('$name parses with the core VipCardViewSchema, in the language its name says', ({ name, value }) => {
    const parsed = VipCardViewSchema.safeParse(value);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(value);
    expect(parsed.data?.locale).toBe(name.split('.')[1]);
  });

  it.each(fixtures.filter((f) => f.name.startsWith('notFound.')))('$name is the backend\'s CUSTOMER_NOT_FOUND body', ({ value }) => {
    expect(value).toEqual({ error: { code: 'CUSTOMER_NOT_FOUND', message: expect.stringMatching(/\S/) } });
  });
});

describe('Salesforce card labels', () => {
  const english = englishLabels();
  const chinese = translatedLabels('zh-CN');
  const imported = [...sources(LWC), ...sources(path.join(PROJECT, 'preview'))].flatMap((file) => importedLabelNames(readFileSync(file, 'utf8')).map((name) => ({ name, file: path.relative(PROJECT, file) })));

  it('the components import labels', () => {
    expect(new Set(imported.map((i) => i.name)).size).toBeGreaterThan(100);
  });

  it.each(imported)('$name ($file) exists in CustomLabels and in the zh_CN translation', ({ name }) => {
    expect(english.get(name)?.trim() ?? '').not.toBe('');
    expect(chinese.get(name)?.trim() ?? '').not.toBe('');
  });
});

describe('Salesforce card actions', () => {
  const forms = readFileSync(path.join(LWC, 'vipCareForms', 'vipCareForms.js'), 'utf8');
  const literal = (name: string) => {
    const match = new RegExp(`export const ${name} = Object\\.freeze\\(([^;]+)\\);`).exec(forms);
    if (!match?.[1]) throw new Error(`vipCareForms.js has no ${name}`);
    return JSON.parse(match[1].replace(/(\w+):/g, '"$1":').replace(/'/g, '"')) as unknown;
  };

  it('the forms offer the core\'s touch and survey kinds and check the core\'s limits', () => {
    expect(literal('TOUCH_KINDS')).toEqual([...TOUCH_KINDS]);
    expect(literal('FEEDBACK_KINDS')).toEqual(RecordFeedbackBodySchema.shape.kind.options);
    expect(literal('LIMITS')).toEqual({
      note: CompleteTaskBodySchema.shape.note.unwrap().maxLength,
      summary: LogTouchBodySchema.shape.summary.maxLength,
      comment: RecordFeedbackBodySchema.shape.comment.unwrap().maxLength,
    });
  });

  it('the controller sends exactly the fields of each core body', () => {
    expect(apexBodyKeys('completeTask')).toEqual(Object.keys(CompleteTaskBodySchema.shape).sort());
    expect(apexBodyKeys('logTouch')).toEqual(Object.keys(LogTouchBodySchema.shape).sort());
    expect(apexBodyKeys('recordFeedback')).toEqual(Object.keys(RecordFeedbackBodySchema.shape).sort());
    // Accounts and contacts are named as the core's object types.
    expect(APEX).toContain("new Map<String, String>{ 'Account' => 'account', 'Contact' => 'contact' }");
  });

  it('the controller calls the card routes of core/card/actions.ts under /salesforce/card', () => {
    expect(APEX).toContain("'callout:VIP_Care_Backend/salesforce/card'");
    expect(APEX).toContain("post('/tasks/' + taskId + '/complete', body, locale)");
    expect(APEX).toContain("post('/touches', body, locale)");
    expect(APEX).toContain("post('/feedback', body, locale)");
    expect(APEX).toMatch(/'\?objectType=' \+ .+ \+ '&objectId=' \+ .+ \+ '&locale=' \+/);
  });
});
