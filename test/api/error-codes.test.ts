// Every refusal carries codes beside its English (docs/decisions/032, shared/error-codes.ts): a bad input's
// `data.issues` name the field, the code and its params; a domain refusal's `data.reason` its code and params.
// The English message and `fieldErrors` stay as they were, for scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { pdf, postFiles } from '../support/files.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let email: string;
let ids: { companyId: string; incidentId: string; costId: string };

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  admin = company.client;
  email = company.email;
  ids = { companyId: company.companyId, ...(await setUpIncident(admin, company.companyId)) };
});
afterAll(async () => await server.close());

interface Refusal {
  status: number;
  message: string;
  data: { code: string; fieldErrors?: Record<string, string>; issues?: unknown[]; reason?: unknown; current?: unknown };
}

/** A mutation's refusal as a script reads it: the whole `error`, with the codes the ApiClient does not pass on. */
async function refused(client: ApiClient, name: string, input: unknown): Promise<Refusal> {
  const response = await fetch(`${server.url}/trpc/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(client.cookie ? { cookie: client.cookie } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { error?: Omit<Refusal, 'status'> };
  if (!body.error) throw new Error(`${name} was not refused`);
  return { status: response.status, ...body.error };
}

describe('bad input answers its issues by code', () => {
  it('a negative amount: notNegative on amount, the English as before', async () => {
    const before = await snapshot(server.db);
    const answer = await refused(admin, 'cost.create', { incidentId: ids.incidentId, ...COST, amount: -1 });
    expect(answer.status).toBe(400);
    expect(answer.message).toBe('amount: must not be negative');
    expect(answer.data.fieldErrors).toEqual({ amount: 'must not be negative' });
    expect(answer.data.issues).toEqual([{ code: 'notNegative', field: 'amount', params: {} }]);
    expect(answer.data.reason).toBeUndefined();
    expect(await snapshot(server.db)).toBe(before);
  });

  it('a too-long text: tooLong with its limit, from zod’s own check', async () => {
    const answer = await refused(admin, 'cost.create', { incidentId: ids.incidentId, ...COST, vendor: 'x'.repeat(201) });
    expect(answer.status).toBe(400);
    expect(answer.data.issues).toEqual([{ code: 'tooLong', field: 'vendor', params: { max: 200 } }]);
    expect(answer.data.fieldErrors?.vendor).toBeDefined();
  });

  it('an amount over the line limit: atMost with the limit as a number', async () => {
    const answer = await refused(admin, 'cost.create', { incidentId: ids.incidentId, ...COST, amount: 100_000_000_001 });
    expect(answer.data.issues).toEqual([{ code: 'atMost', field: 'amount', params: { max: 100_000_000_000 } }]);
    expect(answer.message).toBe('amount: must be at most 100000000000');
  });

  it('several problems: one issue each, in the order of the English', async () => {
    const answer = await refused(admin, 'incident.create', { policyId: 'x', title: '', kind: 'flood', occurredOn: '2026-06-05', discoveredOn: '2026-06-01' });
    expect(answer.data.issues).toEqual([
      { code: 'required', field: 'title', params: {} },
      { code: 'invalidOption', field: 'kind', params: {} },
    ]);
    expect(answer.message).toBe(`title: is required; kind: ${answer.data.fieldErrors?.kind}`);
  });

  it('a wrong current password, a check beyond the schema: notCurrentPassword on currentPassword', async () => {
    const answer = await refused(admin, 'auth.changePassword', { currentPassword: 'not my password', newPassword: 'a brand new password' });
    expect(answer.status).toBe(400);
    expect(answer.message).toBe('currentPassword: is not your current password');
    expect(answer.data.fieldErrors).toBeUndefined();
    expect(answer.data.issues).toEqual([{ code: 'notCurrentPassword', field: 'currentPassword', params: {} }]);
  });
});

describe('domain refusals answer their reason', () => {
  it('a stale write: staleWrite, with the line as it now is', async () => {
    const { id } = await admin.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST });
    await admin.ok('mutate', 'cost.update', { id, expectedVersion: 1, ...COST, amount: 1_100_000 });
    const answer = await refused(admin, 'cost.update', { id, expectedVersion: 1, ...COST, amount: 990_000 });
    expect(answer.status).toBe(409);
    expect(answer.message).toBe('Someone else changed this line since you opened it: their values are in the answer');
    expect(answer.data.reason).toEqual({ code: 'staleWrite', params: {} });
    expect(answer.data.current).toMatchObject({ id, amount: 1_100_000 });
  });

  it('a record out of reach: notFound, naming what', async () => {
    const answer = await refused(admin, 'cost.delete', { id: 'no-such-line' });
    expect(answer.status).toBe(404);
    expect(answer.data.reason).toEqual({ code: 'notFound', params: { what: 'Cost line' } });
  });

  it('a wrong password: wrongPassword, at sign-up too (the answer cannot tell an account exists)', async () => {
    const login = await refused(new ApiClient(server.url), 'auth.login', { email, password: 'wrong guess' });
    expect(login.data.reason).toEqual({ code: 'wrongPassword', params: {} });
    const signup = await refused(new ApiClient(server.url), 'auth.signup', { email, password: 'another password', name: 'x', companyName: 'y' });
    expect(signup.status).toBe(401);
    expect({ ...signup, data: { ...signup.data, path: 'auth.login' } }).toEqual(login);
  });
});

describe('a sign-in wait', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer();
  });
  afterAll(async () => await limited.close());

  it('answers tryAgainIn with the seconds, as Retry-After says them', async () => {
    const { email: account } = await signUpCompany(limited.url);
    const login = async (password: string) => await new ApiClient(limited.url).mutate('auth.login', { email: account, password });
    for (let i = 0; i < 6; i += 1) expect((await login(`wrong guess ${i}`)).error?.code).toBe('UNAUTHORIZED');
    const response = await fetch(`${limited.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account, password: 'correct horse battery' }),
    });
    const body = (await response.json()) as { error: Omit<Refusal, 'status'> };
    expect(response.status).toBe(429);
    expect(body.error.message).toBe('Too many failed attempts: try again in 1 s');
    expect(body.error.data.reason).toEqual({ code: 'tryAgainIn', params: { seconds: Number(response.headers.get('retry-after')) } });
  });
});

describe('the file routes answer codes too', () => {
  it('a file name with a path: fileNameHasPath on file', async () => {
    const answer = await postFiles(`${server.url}/api/costs/${ids.costId}/attachments`, admin.cookie, [{ bytes: pdf(), name: '../receipt.pdf' }]);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe('file: the file name must not contain a path (/ or \\)');
    expect(answer.body.error?.data?.issues).toEqual([{ code: 'fileNameHasPath', field: 'file', params: {} }]);
  });

  it('a file of another type: fileUnsupported, 415', async () => {
    const answer = await postFiles(`${server.url}/api/costs/${ids.costId}/attachments`, admin.cookie, [
      { bytes: Buffer.from('MZ not a receipt'), name: 'receipt.exe' },
    ]);
    expect(answer.status).toBe(415);
    expect(answer.body.error?.data?.issues).toEqual([
      { code: 'fileUnsupported', field: 'file', params: { accepted: expect.stringContaining('application/pdf') } },
    ]);
  });
});
