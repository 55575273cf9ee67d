// The inputs the fuzzers shrank to when they found a bug, each kept as a plain test once fixed, so the
// bug stays fixed whatever the generators draw next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, snapshot, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';

let server: TestServer;
let client: ApiClient;
let ids: { companyId: string; policyId: string };

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  client = company.client;
  ids = { companyId: company.companyId, ...(await setUpIncident(client, company.companyId)) };
});
afterAll(async () => await server?.close());

describe('inputs that once answered 500', () => {
  // near-valid policy.create and policy.update, shrunk to {"valid":{"periodStart":"9999-12-31"}}: the
  // one-year end (10000-12-30) had no four-digit ISO form and toISOString threw RangeError.
  it.each([
    ['policy.create', () => ({ companyId: ids.companyId, ...POLICY, periodStart: '9999-12-31' })],
    ['policy.update', () => ({ id: ids.policyId, ...POLICY, periodStart: '9999-12-31' })],
  ] as const)('%s with a policy starting on 9999-12-31 is refused as a bad date, and nothing changes', async (name, input) => {
    const before = await snapshot(server.db);
    const answer = await client.mutateRaw(name, input());
    expect(answer.status).toBe(400);
    expect(answer.error?.fieldErrors).toEqual({ periodStart: 'must be between 1900-01-01 and 2999-12-31' });
    expect(await snapshot(server.db)).toBe(before);
  });
});
