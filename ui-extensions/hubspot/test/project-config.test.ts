/**
 * The project files `hs project upload` reads: layout, the one backend URL, scopes, cards, workflow
 * actions and webhooks. HubSpot validates these only on upload, so we pin what we decided here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_URL } from '../src/app/backend';
import { APP_DIR, PROJECT_DIR, at, hsmetaFiles, readJson, stringsIn, type Json } from './project-files';

const meta = (file: string): Json => readJson(join(APP_DIR, file));

describe('project layout', () => {
  it('is a 2025.2 project whose sources are in src/', () => {
    expect(readJson(join(PROJECT_DIR, 'hsproject.json'))).toEqual({ name: 'vip-care-crm', srcDir: 'src', platformVersion: '2025.2' });
  });

  it('has each *-hsmeta.json at the root of its feature folder, with a unique uid', () => {
    const files = hsmetaFiles().sort();
    expect(files).toEqual([
      'app-hsmeta.json',
      'cards/vip-card-hsmeta.json',
      'cards/vip-card-sidebar-hsmeta.json',
      'webhooks/webhooks-hsmeta.json',
      'workflow-actions/enroll-playbook-hsmeta.json',
      'workflow-actions/evaluate-tier-hsmeta.json',
      'workflow-actions/send-survey-hsmeta.json',
    ]);
    const uids = files.map((file) => at(meta(file), 'uid'));
    expect(new Set(uids).size).toBe(files.length);
    for (const file of files) {
      const text = readFileSync(join(APP_DIR, file), 'utf8');
      // The URL script rewrites files in this form; keeping them in it keeps its diffs small.
      expect(text, file).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  it('pins the card dependencies to exact versions', () => {
    const pkg = readJson(join(APP_DIR, 'cards', 'package.json'));
    expect(at(pkg, 'dependencies')).toEqual({ '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' });
  });
});

describe('the backend URL', () => {
  it('is an HTTPS origin without a trailing slash', () => {
    expect(BACKEND_URL).toMatch(/^https:\/\/[^/?#]+(\/[^?#]*[^/?#])?$/);
  });

  it('is the base of every URL the project calls or is called on, and the only permitted fetch URL', () => {
    const urls = hsmetaFiles().flatMap((file) =>
      stringsIn(meta(file))
        .filter(({ value }) => /^https?:\/\//.test(value))
        .filter(({ path }) => !path.startsWith('config.support.'))
        .map((found) => ({ file, ...found })),
    );
    expect(urls.length).toBeGreaterThanOrEqual(7);
    for (const { file, path, value } of urls) {
      expect(value === BACKEND_URL || value.startsWith(`${BACKEND_URL}/`), `${file} ${path}: ${value}`).toBe(true);
    }
    expect(at(meta('app-hsmeta.json'), 'config', 'permittedUrls', 'fetch')).toEqual([BACKEND_URL]);
  });
});

describe('app-hsmeta.json', () => {
  const app = meta('app-hsmeta.json');

  it('is a marketplace app with OAuth redirecting to our callback', () => {
    expect(at(app, 'type')).toBe('app');
    expect(at(app, 'config', 'distribution')).toBe('marketplace');
    expect(at(app, 'config', 'auth', 'type')).toBe('oauth');
    expect(at(app, 'config', 'auth', 'redirectUrls')).toEqual([`${BACKEND_URL}/hubspot/oauth/callback`]);
  });

  it('asks for the least scopes the product needs', () => {
    expect([...(at(app, 'config', 'auth', 'requiredScopes') as string[])].sort()).toEqual(
      [
        'automation',
        'crm.objects.companies.read',
        'crm.objects.companies.write',
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.deals.read',
        'crm.objects.owners.read',
        'crm.schemas.companies.write',
        'crm.schemas.contacts.write',
        'oauth',
        'tickets',
      ].sort(),
    );
    expect(at(app, 'config', 'auth', 'optionalScopes')).toEqual(['crm.objects.line_items.read']);
  });

  it('lists support contacts', () => {
    const support = at(app, 'config', 'support');
    expect(at(support, 'supportEmail')).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(at(support, 'documentationUrl')).toMatch(/^https:\/\//);
    expect(at(support, 'supportUrl')).toMatch(/^https:\/\//);
  });
});

describe('cards', () => {
  it.each([
    { file: 'cards/vip-card-hsmeta.json', uid: 'vip-care-card', location: 'crm.record.tab', entrypoint: '/app/cards/VipCard.tsx' },
    { file: 'cards/vip-card-sidebar-hsmeta.json', uid: 'vip-care-sidebar', location: 'crm.record.sidebar', entrypoint: '/app/cards/VipSidebarCard.tsx' },
  ])('$uid sits on contacts and companies at $location', ({ file, uid, location, entrypoint }) => {
    const card = meta(file);
    expect(at(card, 'uid')).toBe(uid);
    expect(at(card, 'type')).toBe('card');
    expect(at(card, 'config', 'location')).toBe(location);
    expect(at(card, 'config', 'objectTypes')).toEqual(['contacts', 'companies']);
    expect(at(card, 'config', 'entrypoint')).toBe(entrypoint);
    const source = readFileSync(join(PROJECT_DIR, 'src', entrypoint), 'utf8');
    expect(source).toContain(`hubspot.extend<'${location}'>`);
    expect(source).not.toMatch(/export\s+default/);
  });
});

describe('workflow actions', () => {
  const fieldsOf = (action: Json, key: 'inputFields' | 'outputFields') =>
    (at(action, 'config', key) as Json[]).map((field) => ({
      name: at(field, 'typeDefinition', 'name'),
      type: at(field, 'typeDefinition', 'type'),
      options: (() => {
        try {
          return (at(field, 'typeDefinition', 'options') as Json[]).map((option) => at(option, 'value'));
        } catch {
          return undefined;
        }
      })(),
    }));

  it.each([
    {
      file: 'workflow-actions/evaluate-tier-hsmeta.json',
      path: 'evaluate-tier',
      objectTypes: ['CONTACT', 'COMPANY'],
      inputs: [],
      outputs: [
        { name: 'vip_tier', type: 'string', options: undefined },
        { name: 'vip_tier_label', type: 'string', options: undefined },
        { name: 'vip_score', type: 'number', options: undefined },
        { name: 'is_vip', type: 'enumeration', options: ['true', 'false'] },
      ],
    },
    {
      file: 'workflow-actions/enroll-playbook-hsmeta.json',
      path: 'enroll-playbook',
      objectTypes: ['CONTACT', 'COMPANY'],
      inputs: [{ name: 'playbook_id', type: 'enumeration', options: undefined }],
      outputs: [{ name: 'enrolment_status', type: 'enumeration', options: ['enrolled', 'duplicate', 'already_enrolled', 'cooldown', 'not_found'] }],
    },
    {
      file: 'workflow-actions/send-survey-hsmeta.json',
      path: 'send-survey',
      objectTypes: ['CONTACT'],
      inputs: [
        { name: 'survey_kind', type: 'enumeration', options: ['nps', 'csat', 'ces'] },
        { name: 'channel', type: 'enumeration', options: ['email', 'sms'] },
      ],
      outputs: [
        { name: 'survey_status', type: 'enumeration', options: ['queued', 'deferred', 'duplicate', 'suppressed'] },
        { name: 'suppressed_reason', type: 'string', options: undefined },
      ],
    },
  ])('$path posts to our backend with its inputs and outputs', ({ file, path, objectTypes, inputs, outputs }) => {
    const action = meta(file);
    expect(at(action, 'type')).toBe('workflow-action');
    expect(at(action, 'config', 'actionUrl')).toBe(`${BACKEND_URL}/hubspot/workflow-actions/${path}`);
    expect(at(action, 'config', 'objectTypes')).toEqual(objectTypes);
    expect(fieldsOf(action, 'inputFields')).toEqual(inputs);
    expect(fieldsOf(action, 'outputFields')).toEqual(outputs);
  });

  it('requires the playbook and the survey kind, fetches playbook options from us, and leaves the channel optional', () => {
    const required = (file: string) =>
      Object.fromEntries((at(meta(file), 'config', 'inputFields') as Json[]).map((field) => [at(field, 'typeDefinition', 'name'), at(field, 'isRequired')]));
    expect(required('workflow-actions/enroll-playbook-hsmeta.json')).toEqual({ playbook_id: true });
    expect(required('workflow-actions/send-survey-hsmeta.json')).toEqual({ survey_kind: true, channel: false });
    expect(at(meta('workflow-actions/enroll-playbook-hsmeta.json'), 'config', 'inputFields', 0, 'typeDefinition', 'optionsUrl')).toBe(
      `${BACKEND_URL}/hubspot/workflow-actions/options/playbooks`,
    );
  });

  it.each(['evaluate-tier', 'enroll-playbook', 'send-survey'])('%s is labelled in English and Chinese, field for field', (name) => {
    const labels = at(meta(`workflow-actions/${name}-hsmeta.json`), 'config', 'labels');
    expect(Object.keys(labels as object)).toEqual(['en', 'zh-cn']);
    const shape = (locale: string) => stringsIn(at(labels, locale)).map(({ path }) => path);
    expect(shape('zh-cn')).toEqual(shape('en'));
    const fieldNames = (key: 'inputFields' | 'outputFields') =>
      (at(meta(`workflow-actions/${name}-hsmeta.json`), 'config', key) as Json[]).map((field) => at(field, 'typeDefinition', 'name'));
    for (const locale of ['en', 'zh-cn']) {
      expect(at(labels, locale, 'actionName')).toEqual(expect.any(String));
      if (fieldNames('inputFields').length) expect(Object.keys(at(labels, locale, 'inputFieldLabels') as object)).toEqual(fieldNames('inputFields'));
      expect(Object.keys(at(labels, locale, 'outputFieldLabels') as object)).toEqual(fieldNames('outputFields'));
    }
  });
});

describe('webhooks-hsmeta.json', () => {
  const webhooks = meta('webhooks/webhooks-hsmeta.json');
  const READ_PROPERTIES: Record<string, string[]> = {
    contact: ['email', 'firstname', 'lastname', 'phone', 'hs_language', 'hs_timezone', 'date_of_birth', 'country', 'hubspot_owner_id'],
    company: ['name', 'domain', 'hubspot_owner_id'],
    deal: ['amount', 'dealstage', 'closedate', 'hs_is_closed_won'],
    ticket: ['subject', 'hs_ticket_priority', 'hs_pipeline_stage', 'closed_date'],
  };

  it('delivers to our backend, at most 10 requests at a time', () => {
    expect(at(webhooks, 'type')).toBe('webhooks');
    expect(at(webhooks, 'config', 'settings')).toEqual({ targetUrl: `${BACKEND_URL}/hubspot/webhooks`, maxConcurrentRequests: 10 });
  });

  it('subscribes to creation, deletion and changes of exactly the properties we read, plus privacy deletions', () => {
    const expected = Object.entries(READ_PROPERTIES).flatMap(([objectType, names]) => [
      `${objectType} object.creation`,
      `${objectType} object.deletion`,
      ...names.map((name) => `${objectType} object.propertyChange ${name}`),
    ]);
    const actual = (at(webhooks, 'config', 'subscriptions', 'crmObjects') as Json[]).map((s) => {
      expect(at(s, 'active')).toBe(true);
      const property = (s as { propertyName?: string }).propertyName;
      return [at(s, 'objectType'), at(s, 'subscriptionType'), property].filter((part) => part !== undefined).join(' ');
    });
    expect(actual.sort()).toEqual(expected.sort());
    expect(at(webhooks, 'config', 'subscriptions', 'hubEvents')).toEqual([{ subscriptionType: 'contact.privacyDeletion', active: true }]);
  });
});

describe('README', () => {
  it('documents the backend URL step and the commands it names exist', () => {
    const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
    expect(readme).toContain('node scripts/set-backend-url.mjs');
    expect(readme).toContain(BACKEND_URL);
    expect(readme).toContain('npx tsc --noEmit -p ui-extensions/hubspot');
    expect(existsSync(join(PROJECT_DIR, 'scripts', 'set-backend-url.mjs'))).toBe(true);
  });
});
