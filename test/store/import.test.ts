import { readFile, writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../server/import/parsed-row.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import {
  CDNOW_CUSTOMERS,
  CDNOW_ORDERS,
  CDNOW_SAMPLE,
  importCustomers,
  importOrders,
  provisionUsdTenant,
  tempDir,
  type TempDir,
} from '../helpers.js';

async function changeSeqs(store: Store, tenantId: string): Promise<Map<string, number>> {
  const rows = await store.db.selectFrom('customers').select(['id', 'change_seq']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((r) => [r.id, r.change_seq]));
}

async function count(store: Store, table: 'orders' | 'customers' | 'audit_log', tenantId: string): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The sequence's last value (sequences are not transactional, so it shows writes that were rolled back). */
async function lastChangeSeq(store: Store): Promise<number> {
  const { rows } = await sql<{ v: number }>`select last_value::int8 as v from customer_change_seq`.execute(store.db);
  return Number(rows[0]?.v ?? 0);
}

describe.each(storeTargets())('import into the store ($kind)', (target) => {
  let store: Store;
  let dir: TempDir;

  beforeAll(async () => {
    store = await target.open();
    dir = await tempDir();
  });
  afterAll(async () => {
    await store?.close();
    await dir?.remove();
  });

  describe('the CDNOW sample', () => {
    const tenant = 'cdnow';
    let firstSeqs: Map<string, number>;

    it('imports every purchase and creates the customers from the orders', async () => {
      await provisionUsdTenant(store, tenant);
      const report = await importOrders(store, tenant, CDNOW_SAMPLE, 'cdnow');
      expect(report).toMatchObject({
        rows: CDNOW_ORDERS,
        accepted: CDNOW_ORDERS,
        rejected: 0,
        inserted: CDNOW_ORDERS,
        updated: 0,
        unchanged: 0,
        customersCreated: CDNOW_CUSTOMERS,
        problems: [],
      });
      expect(await count(store, 'orders', tenant)).toBe(CDNOW_ORDERS);
      expect(await count(store, 'customers', tenant)).toBe(CDNOW_CUSTOMERS);

      // The first line of the file: customer 0001 on 1997-01-01, 2 CDs, $29.33 (ids lose their padding).
      const first = await store.db.selectFrom('orders').selectAll().where('tenant_id', '=', tenant).where('id', '=', '1-19970101-1').executeTakeFirstOrThrow();
      expect(first).toMatchObject({ customer_id: '1', amount_minor: 2933, items: 2 });
      expect(first.ordered_at.toISOString()).toBe('1997-01-01T00:00:00.000Z');

      // Total spend is exact to the cent.
      const total = await store.db.selectFrom('orders').select((eb) => eb.fn.sum<number>('amount_minor').as('sum')).where('tenant_id', '=', tenant).executeTakeFirstOrThrow();
      const text = await readFile(CDNOW_SAMPLE, 'utf8');
      const expectedCents = text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .reduce((sum, l) => sum + Math.round(Number(l.trim().split(/\s+/)[4]) * 100), 0);
      expect(Number(total.sum)).toBe(expectedCents);
      firstSeqs = await changeSeqs(store, tenant);
    });

    it('changes nothing when the same file is imported again', async () => {
      const ordersBefore = await store.db.selectFrom('orders').select(['id', 'updated_at']).where('tenant_id', '=', tenant).execute();
      const report = await importOrders(store, tenant, CDNOW_SAMPLE, 'cdnow');
      expect(report).toMatchObject({ rows: CDNOW_ORDERS, accepted: CDNOW_ORDERS, rejected: 0, inserted: 0, updated: 0, unchanged: CDNOW_ORDERS, customersCreated: 0 });
      expect(await changeSeqs(store, tenant)).toEqual(firstSeqs);
      const ordersAfter = await store.db.selectFrom('orders').select(['id', 'updated_at']).where('tenant_id', '=', tenant).execute();
      const updatedAt = new Map(ordersBefore.map((o) => [o.id, o.updated_at.getTime()]));
      expect(ordersAfter.every((o) => updatedAt.get(o.id) === o.updated_at.getTime())).toBe(true);
      expect(await count(store, 'orders', tenant)).toBe(CDNOW_ORDERS);
    });

    it('updates exactly the changed order and bumps only its customer', async () => {
      // Line 3 of the sample is customer 0001's only purchase on 1997-08-02: $14.96, made $99.99 here.
      const lines = (await readFile(CDNOW_SAMPLE, 'utf8')).split('\n');
      expect(lines[2]).toMatch(/^\s*00004\s+0001\s+19970802\s+1\s+14\.96\s*$/);
      lines[2] = (lines[2] as string).replace('14.96', '99.99');
      const changed = dir.file('cdnow-changed.txt');
      await writeFile(changed, lines.join('\n'));

      const before = await changeSeqs(store, tenant);
      const report = await importOrders(store, tenant, changed, 'cdnow');
      expect(report).toMatchObject({ accepted: CDNOW_ORDERS, inserted: 0, updated: 1, unchanged: CDNOW_ORDERS - 1, customersCreated: 0 });

      const order = await store.db.selectFrom('orders').select('amount_minor').where('tenant_id', '=', tenant).where('id', '=', '1-19970802-1').executeTakeFirstOrThrow();
      expect(order.amount_minor).toBe(9999);
      const after = await changeSeqs(store, tenant);
      const moved = [...after].filter(([id, seq]) => before.get(id) !== seq).map(([id]) => id);
      expect(moved).toEqual(['1']);
      expect(after.get('1')).toBeGreaterThan(Math.max(...before.values()));
    });
  });

  describe('bad input', () => {
    it('reports each bad row with its line and column, and keeps the good rows', async () => {
      const tenant = 'bad-orders';
      await provisionUsdTenant(store, tenant);
      const file = dir.file('bad-orders.csv');
      await writeFile(
        file,
        [
          'order_id,customer_id,ordered_at,amount,items',
          'O1,C1,2024-03-01,10.00,1', // 2: good
          'O2,C1,2024-13-45,5.00,1', // 3: unparseable date
          'O3,C2,2024-03-02,-5.00,1', // 4: negative amount
          'O4,C2,2024-03-03,abc,1', // 5: non-numeric amount
          ',C3,2024-03-04,7.00,1', // 6: missing order id
          'O6,,2024-03-05,8.00,1', // 7: missing customer id
          '', // 8: blank, not a row
          'O7,C3,2024-03-06,12.50,', // 9: good
          'O8,C4,not-a-date,oops,2', // 10: two problems in one row
        ].join('\n'),
      );
      const report = await importOrders(store, tenant, file);
      expect(report).toMatchObject({ rows: 8, accepted: 2, rejected: 6, inserted: 2, updated: 0, unchanged: 0, customersCreated: 2 });
      const where = report.problems.map((p) => `${p.line} ${p.field ?? ''}`);
      expect(where).toEqual(['3 ordered_at', '4 amount', '5 amount', '6 order_id', '7 customer_id', '10 ordered_at', '10 amount']);
      const byLine = new Map(report.problems.map((p) => [`${p.line} ${p.field}`, p]));
      expect(byLine.get('3 ordered_at')).toMatchObject({ value: '2024-13-45', message: expect.stringMatching(/not a date/) });
      expect(byLine.get('4 amount')).toMatchObject({ value: '-5.00', message: 'must not be negative' });
      expect(byLine.get('5 amount')).toMatchObject({ value: 'abc', message: expect.stringMatching(/not a plain number/) });
      expect(byLine.get('6 order_id')?.message).toBe('is required');
      expect(byLine.get('7 customer_id')?.message).toBe('is required');

      const orders = await store.db.selectFrom('orders').select(['id', 'customer_id', 'amount_minor', 'items']).where('tenant_id', '=', tenant).orderBy('id').execute();
      expect(orders).toEqual([
        { id: 'O1', customer_id: 'C1', amount_minor: 1000, items: 1 },
        { id: 'O7', customer_id: 'C3', amount_minor: 1250, items: null },
      ]);
      const customers = await store.db.selectFrom('customers').select('id').where('tenant_id', '=', tenant).orderBy('id').execute();
      expect(customers.map((c) => c.id)).toEqual(['C1', 'C3']);

      // The import is audited with its counts.
      const audit = await store.db.selectFrom('audit_log').select(['action', 'details']).where('tenant_id', '=', tenant).where('action', '=', 'import.orders').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.details).toMatchObject({ rows: 8, accepted: 2, rejected: 6, inserted: 2 });
    });

    it('reports bad customer rows with line numbers and keeps the good ones', async () => {
      const tenant = 'bad-customers';
      await provisionUsdTenant(store, tenant);
      const file = dir.file('bad-customers.csv');
      await writeFile(
        file,
        [
          'customer_id,name,birthday,influence',
          'K1,Ann,1985-06-15,2',
          'K2,Bob,1985-02-30,1', // 3: not a real date
          ',Nobody,,', // 4: missing id
          'K3,Cat,,-1', // 5: negative influence
          'K4,Dan,,',
        ].join('\r\n'),
      );
      const report = await importCustomers(store, tenant, file);
      expect(report).toMatchObject({ rows: 5, accepted: 2, rejected: 3, inserted: 2 });
      expect(report.problems.map((p) => `${p.line} ${p.field ?? ''}`)).toEqual(['3 birthday', '4 customer_id', '5 influence']);
      const stored = await store.db.selectFrom('customers').select(['id', 'name', 'birthday', 'influence']).where('tenant_id', '=', tenant).orderBy('id').execute();
      expect(stored).toEqual([
        { id: 'K1', name: 'Ann', birthday: '1985-06-15', influence: 2 },
        { id: 'K4', name: 'Dan', birthday: null, influence: null },
      ]);
    });
  });

  describe('customers files', () => {
    it('a file lacking some columns keeps the values stored earlier', async () => {
      const tenant = 'partial';
      await provisionUsdTenant(store, tenant);
      const full = dir.file('customers-full.csv');
      await writeFile(
        full,
        [
          'customer_id,name,email,locale,timezone,birthday,customer_since,influence,account_manager',
          'P1,"Li, Wei",li.wei@example.com,zh-CN,asia/shanghai,1985-06-15,2019-01-01,2,Ann Lee',
          'P2,Bob Smith,bob@example.com,en,Europe/London,,,,',
        ].join('\n'),
      );
      expect(await importCustomers(store, tenant, full)).toMatchObject({ accepted: 2, inserted: 2, updated: 0 });
      const seqBefore = await changeSeqs(store, tenant);

      // Only names: P1 gets a new name, P2 is unchanged; nothing else is erased.
      const partial = dir.file('customers-names.csv');
      await writeFile(partial, ['customer_id,name', 'P1,Wei Li', 'P2,Bob Smith'].join('\n'));
      expect(await importCustomers(store, tenant, partial)).toMatchObject({ accepted: 2, inserted: 0, updated: 1, unchanged: 1 });

      // Empty cells do not erase either.
      const blanks = dir.file('customers-blanks.csv');
      await writeFile(blanks, ['customer_id,name,email,influence', 'P1,,,', 'P2,,,'].join('\n'));
      expect(await importCustomers(store, tenant, blanks)).toMatchObject({ accepted: 2, inserted: 0, updated: 0, unchanged: 2 });

      const rows = await store.db
        .selectFrom('customers')
        .select(['id', 'name', 'email', 'locale', 'timezone', 'birthday', 'customer_since', 'influence', 'account_manager'])
        .where('tenant_id', '=', tenant)
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'P1', name: 'Wei Li', email: 'li.wei@example.com', locale: 'zh-CN', timezone: 'Asia/Shanghai', birthday: '1985-06-15', customer_since: '2019-01-01', influence: 2, account_manager: 'Ann Lee' },
        { id: 'P2', name: 'Bob Smith', email: 'bob@example.com', locale: 'en', timezone: 'Europe/London', birthday: null, customer_since: null, influence: null, account_manager: null },
      ]);
      const seqAfter = await changeSeqs(store, tenant);
      expect(seqAfter.get('P1')).toBeGreaterThan(seqBefore.get('P1') as number);
      expect(seqAfter.get('P2')).toBe(seqBefore.get('P2'));
    });
  });

  describe('a failure part-way', () => {
    it('rolls back every row of the import, including batches already written', async () => {
      const tenant = 'rollback';
      await provisionUsdTenant(store, tenant);
      const good = Array.from({ length: 1500 }, (_, i) => `R${i + 1},RC${i % 300},2024-01-${String((i % 28) + 1).padStart(2, '0')},${(i % 90) + 1}.25`);
      // Line 1502 opens a quote that is never closed: the parser only finds out at the end of the file.
      const file = dir.file('unclosed.csv');
      await writeFile(file, ['order_id,customer_id,ordered_at,amount', ...good, 'R9999,RC1,2024-02-01,"5.00', 'R10000,RC2,2024-02-02,6.00', ''].join('\n'));

      const auditBefore = await count(store, 'audit_log', tenant);
      const seqBefore = await lastChangeSeq(store);
      const error = await importOrders(store, tenant, file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportFileError);
      expect(error).toMatchObject({ code: 'unclosedQuote', line: 1502 });

      // The first batch of 1000 orders (and their 300 new customers) was written before the error...
      expect(await lastChangeSeq(store)).toBeGreaterThanOrEqual(seqBefore + 300);
      // ...and none of it is left.
      expect(await count(store, 'orders', tenant)).toBe(0);
      expect(await count(store, 'customers', tenant)).toBe(0);
      expect(await count(store, 'audit_log', tenant)).toBe(auditBefore);

      // The store is usable afterwards, and the same rows import fine without the broken line.
      const fixed = dir.file('fixed.csv');
      await writeFile(fixed, ['order_id,customer_id,ordered_at,amount', ...good].join('\n'));
      expect(await importOrders(store, tenant, fixed)).toMatchObject({ accepted: 1500, inserted: 1500, customersCreated: 300 });
    });
  });
});
