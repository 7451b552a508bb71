/**
 * The SFDX project's metadata, checked offline: the fields the backend writes (types, sizes, an
 * unrestricted tier picklist), permission sets that name only fields, classes and principals that
 * exist, the named and external credential, labels and their Chinese translation, and element
 * order (the Metadata API reads elements in schema order). What only an org can check is listed
 * in the README.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishLabels, translatedLabels } from '../tools/custom-labels.mjs';
import { auraEnabledMethods } from '../tools/lwc-modules.mjs';
import { DEFAULT_DIR, elementOrder, filesUnder, metadata, read } from './project-files.js';

const FIELDS: Record<string, { type: string; length?: string; precision?: string; scale?: string }> = {
  VIP_Tier__c: { type: 'Picklist' },
  VIP_Tier_Label__c: { type: 'Text', length: '255' },
  VIP_Tier_Since__c: { type: 'Date' },
  VIP_Score__c: { type: 'Number', precision: '5', scale: '2' },
  VIP_Score_Reason__c: { type: 'Text', length: '255' },
  VIP_Predicted_Value__c: { type: 'Currency', precision: '16', scale: '2' },
  VIP_Churn_Risk__c: { type: 'Percent', precision: '5', scale: '2' },
  VIP_Next_Action__c: { type: 'Text', length: '255' },
  VIP_Next_Action_Due__c: { type: 'Date' },
  VIP_Account_Manager__c: { type: 'Text', length: '255' },
};
const RECORD_FIELDS = ['Account', 'Contact'].flatMap((object) => Object.keys(FIELDS).map((field) => `${object}.${field}`));
const fieldFile = (qualified: string) => {
  const [object = '', field = ''] = qualified.split('.');
  return path.join(DEFAULT_DIR, 'objects', object, 'fields', `${field}.field-meta.xml`);
};
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]) as Record<string, unknown>[];

describe('sfdx-project.json', () => {
  it('deploys force-app at API 66.0 as one package', () => {
    const project = JSON.parse(read(path.join(DEFAULT_DIR, '..', '..', '..', 'sfdx-project.json'))) as {
      sourceApiVersion: string;
      packageDirectories: { path: string; default: boolean; package: string }[];
    };
    expect(project.sourceApiVersion).toBe('66.0');
    expect(project.packageDirectories).toEqual([expect.objectContaining({ path: 'force-app', default: true, package: expect.any(String) })]);
    expect(read(path.join(DEFAULT_DIR, '..', '..', '..', '.forceignore'))).toContain('**/__tests__/**');
  });
});

describe('custom fields', () => {
  it.each(RECORD_FIELDS)('%s has its type, size, label, description and help text', (qualified) => {
    const field = metadata(fieldFile(qualified));
    const expected = FIELDS[qualified.split('.')[1] ?? ''];
    expect(field).toMatchObject({ fullName: qualified.split('.')[1], required: 'false', externalId: 'false', ...expected });
    expect(String(field.label).length).toBeLessThanOrEqual(40);
    expect(String(field.description).length).toBeGreaterThan(20);
    expect(String(field.inlineHelpText).length).toBeGreaterThan(20);
    expect(String(field.inlineHelpText).length).toBeLessThanOrEqual(510);
  });

  it('the tier picklist is not restricted, so any tier id of the program can be written', () => {
    for (const object of ['Account', 'Contact']) {
      const valueSet = metadata(fieldFile(`${object}.VIP_Tier__c`)).valueSet as { restricted: string; valueSetDefinition: { value: { fullName: string; label: string }[] } };
      expect(valueSet.restricted).toBe('false');
      expect(valueSet.valueSetDefinition.value.map((v) => v.fullName)).toEqual(['diamond', 'platinum', 'gold', 'none']);
      expect(valueSet.valueSetDefinition.value.every((v) => v.label.trim() !== '')).toBe(true);
    }
  });

  it('the task link on Activity is a unique external id of 40 characters', () => {
    expect(metadata(path.join(DEFAULT_DIR, 'objects', 'Activity', 'fields', 'VIP_Care_Task_Id__c.field-meta.xml'))).toMatchObject({
      fullName: 'VIP_Care_Task_Id__c',
      type: 'Text',
      length: '40',
      externalId: 'true',
      unique: 'true',
      caseSensitive: 'false',
    });
  });

  it('no other fields, and every file lists its elements in schema (alphabetical) order', () => {
    const files = filesUnder(path.join(DEFAULT_DIR, 'objects'), (f) => f.endsWith('.field-meta.xml'));
    expect(files).toHaveLength(21);
    for (const file of files) {
      const order = elementOrder(file);
      expect(order[0], file).toBe('fullName');
      expect(order.slice(1), file).toEqual([...order.slice(1)].sort());
    }
  });
});

describe('permission sets', () => {
  const user = metadata(path.join(DEFAULT_DIR, 'permissionsets', 'VIP_Care_User.permissionset-meta.xml'));
  const integration = metadata(path.join(DEFAULT_DIR, 'permissionsets', 'VIP_Care_Integration.permissionset-meta.xml'));
  const external = metadata(path.join(DEFAULT_DIR, 'externalCredentials', 'VIP_Care.externalCredential-meta.xml'));

  it('VIP Care User: the controller, the credential principal, and read-only VIP fields', () => {
    expect(list(user.classAccesses)).toEqual([{ apexClass: 'VipCareCardController', enabled: 'true' }]);
    const principal = list(external.externalCredentialParameters).find((p) => p.parameterType === 'NamedPrincipal');
    expect(user.externalCredentialPrincipalAccesses).toEqual({ enabled: 'true', externalCredentialPrincipal: `VIP_Care-${String(principal?.parameterName)}` });
    const perms = list(user.fieldPermissions);
    expect(perms.map((p) => p.field).sort()).toEqual([...RECORD_FIELDS].sort());
    expect(perms.every((p) => p.readable === 'true' && p.editable === 'false')).toBe(true);
  });

  it('VIP Care Integration: edits the VIP fields and the task link, reads accounts and contacts', () => {
    const perms = list(integration.fieldPermissions);
    expect(perms.map((p) => p.field).sort()).toEqual([...RECORD_FIELDS, 'Activity.VIP_Care_Task_Id__c'].sort());
    expect(perms.every((p) => p.readable === 'true' && p.editable === 'true')).toBe(true);
    expect(list(integration.objectPermissions).map((p) => [p.object, p.allowRead, p.allowEdit, p.allowDelete])).toEqual([
      ['Account', 'true', 'true', 'false'],
      ['Contact', 'true', 'true', 'false'],
    ]);
    expect(list(integration.userPermissions).map((p) => p.name)).toEqual(['ApiEnabled', 'EditTask']);
    expect(integration.classAccesses).toBeUndefined();
  });

  it('name only fields and classes that exist, in schema order', () => {
    for (const [name, set] of [['VIP_Care_User', user], ['VIP_Care_Integration', integration]] as const) {
      for (const perm of list(set.fieldPermissions)) expect(existsSync(fieldFile(String(perm.field))), String(perm.field)).toBe(true);
      for (const access of list(set.classAccesses)) expect(existsSync(path.join(DEFAULT_DIR, 'classes', `${String(access.apexClass)}.cls`))).toBe(true);
      const order = elementOrder(path.join(DEFAULT_DIR, 'permissionsets', `${name}.permissionset-meta.xml`));
      expect(order, name).toEqual([...order].sort());
      expect(set.hasActivationRequired).toBe('false');
    }
  });
});

describe('credentials', () => {
  it('the named credential points at the placeholder URL and authenticates with the external credential', () => {
    const named = metadata(path.join(DEFAULT_DIR, 'namedCredentials', 'VIP_Care_Backend.namedCredential-meta.xml'));
    expect(named).toMatchObject({ namedCredentialType: 'SecuredEndpoint', generateAuthorizationHeader: 'true', calloutStatus: 'Enabled', allowMergeFieldsInHeader: 'false' });
    expect(list(named.namedCredentialParameters)).toEqual([
      { parameterName: 'Url', parameterType: 'Url', parameterValue: 'https://vip-care.example.com' },
      { externalCredential: 'VIP_Care', parameterName: 'ExternalCredential', parameterType: 'Authentication' },
    ]);
  });

  it('the external credential sends the named principal\'s CardKey as a bearer token', () => {
    const external = metadata(path.join(DEFAULT_DIR, 'externalCredentials', 'VIP_Care.externalCredential-meta.xml'));
    expect(external.authenticationProtocol).toBe('Custom');
    const params = list(external.externalCredentialParameters);
    expect(params.filter((p) => p.parameterType === 'NamedPrincipal')).toHaveLength(1);
    expect(params.find((p) => p.parameterType === 'AuthHeader')).toMatchObject({ parameterName: 'Authorization', parameterValue: 'Bearer {!$Credential.VIP_Care.CardKey}' });
    // The key itself is set per org in Setup, never in source.
    expect(read(path.join(DEFAULT_DIR, 'externalCredentials', 'VIP_Care.externalCredential-meta.xml'))).not.toMatch(/vck_|secret|password/i);
  });
});

describe('labels', () => {
  const english = englishLabels();
  const chinese = translatedLabels('zh-CN');

  it('every label is VipCare_*, in English, with a translation keeping its placeholders', () => {
    expect(english.size).toBeGreaterThan(100);
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [name, value] of english) {
      expect(name).toMatch(/^VipCare_[A-Za-z]+$/);
      expect(value.trim(), name).not.toBe('');
      const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      expect(placeholders(chinese.get(name) ?? ''), name).toEqual(placeholders(value));
    }
    expect(metadata(path.join(DEFAULT_DIR, 'labels', 'CustomLabels.labels-meta.xml')).labels).toEqual(
      expect.arrayContaining([expect.objectContaining({ fullName: 'VipCare_CardTitle', language: 'en_US', protected: 'false' })]),
    );
  });

  it('the labels Apex uses exist', () => {
    const apex = read(path.join(DEFAULT_DIR, 'classes', 'VipCareCardController.cls'));
    const used = [...apex.matchAll(/System\.Label\.(\w+)/g)].map((m) => m[1] ?? '');
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(english.has(name), name).toBe(true);
  });
});

describe('Apex', () => {
  it('the controller is with sharing, at API 66.0, and its test calls every @AuraEnabled method', () => {
    const controller = read(path.join(DEFAULT_DIR, 'classes', 'VipCareCardController.cls'));
    const test = read(path.join(DEFAULT_DIR, 'classes', 'VipCareCardControllerTest.cls'));
    expect(controller).toMatch(/public with sharing class VipCareCardController/);
    expect(controller).not.toMatch(/without sharing/);
    // Bodies are serialized maps, never strings pieced together from input.
    expect(controller).toMatch(/JSON\.serialize\(body\)/);
    expect(controller).not.toMatch(/'\{"|"\}'/);
    expect(controller).toMatch(/setTimeout\(TIMEOUT_MS\)/);
    expect([...auraEnabledMethods('VipCareCardController').keys()].sort()).toEqual(['completeTask', 'getCard', 'logTouch', 'recordFeedback']);
    for (const method of auraEnabledMethods('VipCareCardController').keys()) expect(test).toContain(`VipCareCardController.${method}(`);
    expect(test).toMatch(/implements HttpCalloutMock/);
    for (const cls of ['VipCareCardController', 'VipCareCardControllerTest']) {
      expect(metadata(path.join(DEFAULT_DIR, 'classes', `${cls}.cls-meta.xml`))).toEqual({ apiVersion: '66.0', status: 'Active' });
    }
  });
});
