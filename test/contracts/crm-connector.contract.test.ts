/**
 * The behaviour every CRM connector owes the core, checked the same way for each CRM against its
 * local sandbox (real connector, real SDK, loopback). It does not care how a connector talks to
 * its CRM: only that pulls are complete and resumable, changes are picked up, writes land once,
 * tasks are never duplicated, and completions and deletions come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmRecord, PulledPage, SyncStream } from '../../core/ports/crm-connector.js';
import type { ContractHarness, ContractWorld, SeedPerson } from './connector-harness.js';
import { hubspotHarness } from './hubspot-connector-harness.js';
import { salesforceHarness } from './salesforce-connector-harness.js';

const HARNESSES: ContractHarness[] = [hubspotHarness, salesforceHarness];
const PEOPLE: SeedPerson[] = Array.from({ length: 27 }, (_, i) => ({ key: `p${i}`, name: `Person ${i}`, email: `person-${i}@contract.example` }));

async function pullAll(world: ContractWorld, stream: SyncStream, from: Record<string, unknown> | null, maxPages = 50): Promise<{ records: CrmRecord[]; checkpoint: Record<string, unknown>; pages: number }> {
  let checkpoint = from;
  const records: CrmRecord[] = [];
  for (let pages = 1; pages <= maxPages; pages++) {
    const page: PulledPage = await world.connector.pull(stream, checkpoint);
    records.push(...page.records);
    checkpoint = page.checkpoint;
    if (page.done) return { records, checkpoint, pages };
  }
  throw new Error(`${stream} never caught up`);
}

describe.each(HARNESSES)('the $name connector keeps the CRM contract', (harness) => {
  let world: ContractWorld;
  const checkpoints = new Map<SyncStream, Record<string, unknown>>();
  beforeAll(async () => {
    world = await harness.start(PEOPLE);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('pulls every owner and every customer record across pages, once caught up', async () => {
    const owners = await pullAll(world, 'owners', null);
    expect(owners.records.filter((r) => r.kind === 'owner').map((r) => (r.kind === 'owner' ? r.owner.email : null))).toContain('owner@example.com');
    const customers = await pullAll(world, 'customers', null);
    expect(customers.pages).toBeGreaterThan(2);
    const emails = new Set(customers.records.flatMap((r) => (r.kind === 'customer' ? [r.customer.email] : [])));
    expect(emails).toEqual(new Set(PEOPLE.map((p) => p.email)));
    const owned = customers.records.find((r) => r.kind === 'customer');
    expect(owned?.kind === 'customer' && owned.customer.owner).toBeTruthy();
    checkpoints.set('customers', customers.checkpoint);
    for (const stream of ['orders', 'complaints'] as const) checkpoints.set(stream, (await pullAll(world, stream, null)).checkpoint);
  });

  it('picks up a change made after the last pull, and nothing else changed is lost', async () => {
    await world.rename('p3', 'Renamed Three');
    const next = await pullAll(world, 'customers', checkpoints.get('customers') ?? null);
    const renamed = next.records.find((r) => r.kind === 'customer' && r.customer.ref.id === world.refOf('p3').id);
    expect(renamed?.kind === 'customer' && renamed.customer.name).toMatch(/Renamed Three/);
    checkpoints.set('customers', next.checkpoint);
  });

  it('brings a new closed order and a new complaint of a known customer', async () => {
    const order = await world.addOrder('p5', 120.5, new Date('2025-11-02T10:00:00Z'));
    const complaint = await world.addComplaint('p6', 'Parcel arrived damaged', new Date('2025-11-03T09:00:00Z'));
    const orders = await pullAll(world, 'orders', checkpoints.get('orders') ?? null);
    const pulled = orders.records.find((r) => r.kind === 'order' && r.order.ref.id === order.id);
    expect(pulled).toEqual({ kind: 'order', order: { ref: order, customer: world.refOf('p5'), orderedAt: expect.any(Date), amountMinor: 12050, items: null } });
    // Some CRMs close orders on a date (Salesforce's CloseDate), others at an instant: the day is kept.
    expect(pulled?.kind === 'order' && pulled.order.orderedAt.toISOString().slice(0, 10)).toBe('2025-11-02');
    const complaints = await pullAll(world, 'complaints', checkpoints.get('complaints') ?? null);
    expect(complaints.records).toContainEqual(expect.objectContaining({ kind: 'complaint', complaint: expect.objectContaining({ ref: complaint, customer: world.refOf('p6'), subject: 'Parcel arrived damaged', status: 'open', priority: 'high' }) }));
  });

  it('writes our fields once, and they read back from the CRM', async () => {
    await world.connector.ensureSchema({
      tiers: [{ id: 'gold', label: 'Gold' }],
      labels: { group: 'VIP Care', notVip: 'Not a VIP', taskId: 'VIP Care task id', fields: { tier: 'Tier', tierSince: 'Since', score: 'Score', reason: 'Reason', predictedValue: 'Value', churnRisk: 'Churn', nextAction: 'Next', nextActionDue: 'Due', accountManager: 'AM' } },
    });
    world.resetCounters();
    const updates = PEOPLE.map((p, i) => ({ ref: world.refOf(p.key), fields: { tier: i % 3 === 0 ? 'gold' : null, score: i } }));
    const outcome = await world.connector.pushFields(updates);
    expect(outcome.failed).toEqual([]);
    expect(outcome.written).toHaveLength(PEOPLE.length);
    expect(world.writeCalls()).toBe(outcome.calls);
    expect(await world.readFields(world.refOf('p3'))).toEqual({ tier: 'gold', score: 3 });
    expect(await world.readFields(world.refOf('p4'))).toEqual({ tier: null, score: 4 });
  });

  it('reports a record that no longer exists as failed, without failing the others', async () => {
    await world.remove('p26');
    const outcome = await world.connector.pushFields([{ ref: world.refOf('p25'), fields: { score: 99 } }, { ref: world.refOf('p26'), fields: { score: 99 } }]);
    expect(outcome.written).toEqual([world.refOf('p25')]);
    expect(outcome.failed).toEqual([expect.objectContaining({ ref: world.refOf('p26'), code: 'NOT_FOUND' })]);
    const refetched = await world.connector.fetchRecords([world.refOf('p25'), world.refOf('p26')]);
    expect(refetched.map((r) => r.kind)).toEqual(['customer', 'deleted']);
  });

  it('creates each care task once, even when the answer to a create was lost', async () => {
    const task = (id: string, key: string) => ({ id, customer: world.refOf(key), title: `Call ${key}`, description: null, owner: null, priority: 'normal' as const, dueAt: new Date('2026-01-10T09:00:00Z'), status: 'open' as const, externalId: null, mayExist: false });
    const first = await world.connector.upsertTasks([task('t1', 'p1'), task('t2', 'p2')]);
    expect(first.every((r) => 'externalId' in r)).toBe(true);
    // The same tasks again, as after a crash between the create and our record of it.
    const again = await world.connector.upsertTasks([{ ...task('t1', 'p1'), mayExist: true }, { ...task('t2', 'p2'), mayExist: true }]);
    expect(again).toEqual(first);
    const inCrm = await world.tasksWithOurId();
    expect(inCrm.map((t) => t.ourId).sort()).toEqual(['t1', 't2']);
    expect(inCrm.find((t) => t.ourId === 't1')?.on).toEqual(world.refOf('p1'));
  });

  it('reports tasks completed in the CRM', async () => {
    const t1 = (await world.tasksWithOurId()).find((t) => t.ourId === 't1');
    if (!t1) throw new Error('task t1 is in the CRM');
    const since = new Date(Date.now() - 60_000);
    await world.completeTask(t1.externalId);
    const done = await world.connector.pullCompletedTasks(since);
    expect(done.map((d) => d.externalId)).toEqual([t1.externalId]);
  });
});
