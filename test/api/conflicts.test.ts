// No lost updates: when two people edit one line, the second save is refused with a clear message and
// the line as it now is; nothing is silently overwritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';
import { sqlNumber } from '../support/sql.ts';

let server: TestServer;
let alice: ApiClient;
let bob: ApiClient;
let incidentId: string;
beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  alice = company.client;
  ({ incidentId } = await setUpIncident(alice, company.companyId));
  const invite = await alice.ok('mutate', 'company.invite', { companyId: company.companyId, role: 'finance' });
  bob = new ApiClient(server.url);
  await bob.ok('mutate', 'auth.acceptInvite', {
    token: invite.token,
    email: `bob-${Date.now()}@example.jp`,
    password: 'correct horse battery',
    name: '経理 ボブ',
  });
});
afterAll(async () => await server.close());

const amountOf = (id: string) => sqlNumber(server.db, 'SELECT amount FROM costs WHERE id = ?', id);

describe('two people save the same line', () => {
  it('refuses the second save with CONFLICT and the values the first one saved', async () => {
    const { id } = await alice.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 1_000_000 });
    // Both opened the line at version 1.
    await alice.ok('mutate', 'cost.update', { id, expectedVersion: 1, ...COST, amount: 1_100_000, vendor: 'アリスの修正' });
    const before = await snapshot(server.db);
    const second = await bob.mutate('cost.update', { id, expectedVersion: 1, ...COST, amount: 990_000, vendor: 'ボブの修正' });

    expect(second.status).toBe(409);
    expect(second.error?.code).toBe('CONFLICT');
    expect(second.error?.message).toBe('Someone else changed this line since you opened it: their values are in the answer');
    expect(second.error?.current).toMatchObject({ id, version: 2, amount: 1_100_000, vendor: 'アリスの修正', createdByName: '管理者 A' });
    expect(await snapshot(server.db)).toBe(before);
    expect(await amountOf(id)).toBe(1_100_000);

    // Having seen Alice's values, Bob saves on top of them on purpose.
    expect(await bob.ok('mutate', 'cost.update', { id, expectedVersion: 2, ...COST, amount: 990_000, vendor: 'ボブの修正' })).toEqual({ id, version: 3 });
    expect(await amountOf(id)).toBe(990_000);
  });

  it('lets exactly one of many simultaneous saves through', async () => {
    const { id } = await alice.ok('mutate', 'cost.create', { incidentId, ...COST });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? alice : bob).mutate('cost.update', { id, expectedVersion: 1, ...COST, amount: 100_000 + i })),
    );
    const saved = answers.filter((a) => !a.error);
    expect(saved).toHaveLength(1);
    expect(answers.filter((a) => a.error?.code === 'CONFLICT')).toHaveLength(11);
    expect(at(saved, 0).data).toEqual({ id, version: 2 });
    expect(await amountOf(id)).toBe(100_000 + answers.indexOf(at(saved, 0)));
    expect(await sqlNumber(server.db, "SELECT COUNT(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'update'", id)).toBe(1);
  });

  it('a deleted line answers NOT_FOUND, not a conflict', async () => {
    const { id } = await alice.ok('mutate', 'cost.create', { incidentId, ...COST });
    await alice.ok('mutate', 'cost.delete', { id });
    const late = await bob.mutate('cost.update', { id, expectedVersion: 1, ...COST, amount: 5 });
    expect(late.error?.code).toBe('NOT_FOUND');
  });

  it('another company’s line answers NOT_FOUND and shows none of its values', async () => {
    const { id } = await alice.ok('mutate', 'cost.create', { incidentId, ...COST, vendor: '社外秘の取引先' });
    const other = await signUpCompany(server.url, 'B');
    const answer = await other.client.mutate('cost.update', { id, expectedVersion: 99, ...COST });
    expect(answer.error?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(answer)).not.toContain('社外秘');
  });
});
