// The ledger rollups (cost_rollups, kept by triggers on costs) must always equal the sums of the live
// lines: the dashboard, the footer totals and the claim package read them instead of the lines.
// Each test writes through the API (and, where the API has no door, straight SQL), then recomputes the
// groups from the lines and compares them with the rollups, figure by figure.
import type { InputOf } from '../support/api-types.ts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, isClaimedStage, stagesOf } from '../../shared/categories.ts';
import { needsConsent } from '../../shared/claim-status.ts';
import { computePayable, type CostLineFigures, type PolicyTerms } from '../../shared/payable.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { recomputedRollups, storedRollups } from '../support/rollups.ts';
import { ApiClient, signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';

let server: TestServer;
let admin: ApiClient;
let companyId: string;
let incidentId: string;

const recomputed = (id: string) => recomputedRollups(server.db.$client, id);
const rollups = (id: string) => storedRollups(server.db.$client, id);

/** The payable computed line by line from the live lines, as the engine would without any grouping. */
function payableFromLines(id: string) {
  const lines = server.db.$client
    .prepare(`SELECT category, stage, source, amount, quantity, unit_amount AS unitAmount FROM costs WHERE incident_id = ? AND deleted_at IS NULL`)
    .all(id) as CostLineFigures[];
  const { personsAffected, ...terms } = server.db.$client
    .prepare(
      `SELECT p.liability_limit AS liabilityLimit, p.expense_limit AS expenseLimit, p.deductible, p.restoration_rider AS restorationRider,
              p.condolence_per_person_cap AS condolencePerPersonCap, COALESCE(i.persons_affected, i.records_affected) AS personsAffected
         FROM incidents i JOIN policies p ON p.id = i.policy_id WHERE i.id = ?`,
    )
    .get(id) as PolicyTerms & { personsAffected: number | null };
  return computePayable({ terms: { ...terms, restorationRider: Boolean(terms.restorationRider) }, lines, personsAffected }).totalPayable;
}

async function create(fields: Partial<InputOf<'cost.create'>>): Promise<string> {
  return (await admin.ok('mutate', 'cost.create', { incidentId, ...COST, ...fields })).id;
}

beforeAll(async () => {
  server = await startTestServer();
  ({ client: admin, companyId } = await signUpCompany(server.url, 'Rollups'));
  ({ incidentId } = await setUpIncident(admin, companyId));
});
afterAll(() => server.close());

describe('ledger rollups', () => {
  it('follow every kind of write: create, edit (moving a line between groups), approve, consent, disallow, delete', async () => {
    const lump = await create({ category: 'investigation', stage: 'invoiced', amount: 1_500_000 });
    const perPerson = await create({ category: 'condolence', stage: 'paid', amount: undefined, quantity: 1200, unitAmount: 500 });
    const abroad = await create({ category: 'consulting', stage: 'estimate', amount: 800_000, incurredAbroad: true });
    await create({ category: 'condolence', stage: 'paid', amount: undefined, quantity: 30, unitAmount: 1000 });
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));
    expect(rollups(incidentId)).toHaveLength(4);

    // An edit that moves the line to another category, stage and per-person amount.
    await admin.ok('mutate', 'cost.update', { id: perPerson, ...COST, category: 'condolence', stage: 'invoiced', amount: undefined, quantity: 1000, unitAmount: 1000 });
    await admin.ok('mutate', 'cost.update', { id: lump, ...COST, category: 'public_notice', stage: 'paid', amount: 2_000_000 });
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));

    await admin.ok('mutate', 'cost.approve', { ids: [lump, perPerson], approved: true });
    await admin.ok('mutate', 'cost.recordConsent', { id: abroad, consentOn: '2026-06-05', reference: 'TK-1', givenBy: '損保 太郎' });
    // The broker's decision has its own flow (review-flow tests); here only the column matters.
    server.db.$client.prepare(`UPDATE costs SET review_decision = 'disallow' WHERE id = ?`).run(perPerson);
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));

    await admin.ok('mutate', 'cost.delete', { id: abroad });
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));
    const summary = await admin.ok('query', 'claim.summary', { incidentId });
    expect(summary.totalPayable).toBe(payableFromLines(incidentId));
    expect(summary.brokerAdjusted.disallowedLines).toBe(1);
    expect(summary.brokerAdjusted.disallowedAmount).toBe(1_000_000);
  });

  it('stay equal to the lines over 300 random writes, and the summary equals the line-by-line payable', async () => {
    let seed = 20261125;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const categories = ['investigation', 'condolence', 'consulting', 'damages', 'restoration', 'litigation'] as const;
    const fields = () => {
      const category = at(categories, random(categories.length));
      const stages = stagesOf(category);
      const stage = at(stages, random(stages.length));
      return category === 'condolence'
        ? { category, stage, amount: undefined, quantity: 1 + random(40), unitAmount: [500, 1000, 3000][random(3)] }
        : { category, stage, amount: 1 + random(3_000_000) };
    };
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      const action = ids.length < 5 ? 0 : random(4);
      if (action === 0) ids.push(await create({ ...fields(), incurredAbroad: random(5) === 0 }));
      else if (action === 1) await admin.ok('mutate', 'cost.update', { id: at(ids, random(ids.length)), ...COST, ...fields() });
      else if (action === 2) await admin.ok('mutate', 'cost.delete', { id: at(ids.splice(random(ids.length), 1), 0) });
      else await admin.ok('mutate', 'cost.approve', { ids: [at(ids, random(ids.length))], approved: true });
    }
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));
    const summary = await admin.ok('query', 'claim.summary', { incidentId });
    expect(summary.totalPayable).toBe(payableFromLines(incidentId));
    const totals = await admin.ok('query', 'cost.totals', { incidentId });
    const lineCount = server.db.$client.prepare(`SELECT COUNT(*) AS n FROM costs WHERE incident_id = ? AND deleted_at IS NULL`).get(incidentId) as { n: number };
    expect(totals.count).toBe(lineCount.n);
  });

  it('roll back with the write that failed: nothing half-counted', () => {
    const before = rollups(incidentId);
    const sqlite = server.db.$client;
    expect(() =>
      sqlite.transaction(() => {
        sqlite
          .prepare(`INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, created_by) SELECT 'rolled-back', incident_id, company_id, 'investigation', 'paid', '2026-06-10', 999, created_by FROM costs WHERE incident_id = ? LIMIT 1`)
          .run(incidentId);
        throw new Error('the writer fails after its insert');
      })(),
    ).toThrow('the writer fails');
    expect(rollups(incidentId)).toEqual(before);
  });

  it('are filled from the existing ledger by the migration', () => {
    // The latest migration that rebuilt the rollups (0008: grouped by source as well).
    const migration = readFileSync(new URL('../../drizzle/0008_policy_period_limits.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO cost_rollups') && s.includes('GROUP BY'))!;
    const before = rollups(incidentId);
    const sqlite = server.db.$client;
    sqlite.transaction(() => {
      sqlite.prepare('DELETE FROM cost_rollups').run();
      sqlite.exec(backfill);
    })();
    expect(rollups(incidentId)).toEqual(before);
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));
  });
});

describe('the derived flags follow the one TypeScript definition', () => {
  it('walks every category × stage × source: stored stage, flags and rollups as the rules say, or the stage refused', async () => {
    const { client, companyId: walker } = await signUpCompany(server.url, 'Walk');
    const { incidentId: walked } = await setUpIncident(client, walker);
    for (const category of COST_CATEGORIES) {
      for (const stage of COST_STAGES) {
        for (const source of COST_SOURCES) {
          const answer = await client.mutate('cost.create', { incidentId: walked, ...COST, category, stage, source, claimant: source === 'third_party' ? '株式会社A' : undefined });
          const stored = category === 'damages' && (stage === 'estimate' || stage === 'invoiced') ? 'demanded' : stage;
          if (!stagesOf(category).includes(stored)) {
            expect(answer.error, `${category} ${stage}`).toMatchObject({ code: 'BAD_REQUEST' });
            expect(answer.error!.message).toContain('stage');
            continue;
          }
          const row = server.db.$client.prepare('SELECT stage, needs_consent AS needsConsent, claimed FROM costs WHERE id = ?').get(answer.data.id) as Record<string, unknown>;
          expect(row, `${category} ${stage} ${source}`).toEqual({ stage: stored, needsConsent: needsConsent(category) ? 1 : 0, claimed: isClaimedStage(category, stored) ? 1 : 0 });
        }
      }
    }
    expect(rollups(walked)).toEqual(recomputed(walked));
    // Moving every line through every stage its category takes keeps the flags and sums right.
    const ids = server.db.$client.prepare('SELECT id, category FROM costs WHERE incident_id = ? AND deleted_at IS NULL').all(walked) as { id: string; category: (typeof COST_CATEGORIES)[number] }[];
    for (const { id, category } of ids) {
      for (const stage of stagesOf(category)) await client.ok('mutate', 'cost.setStage', { id, stage, on: '2026-07-01' });
    }
    expect(rollups(walked)).toEqual(recomputed(walked));
  });

  it('are brought in line with the rules when the database opens (a line whose flags are stale, as after migration 0008)', async () => {
    const sqlite = server.db.$client;
    sqlite.prepare('UPDATE costs SET needs_consent = 0, claimed = 0 WHERE incident_id = ?').run(incidentId);
    expect(rollups(incidentId)).not.toEqual(recomputed(incidentId));
    const { reconcileLineFlags } = await import('../../server/ledger/line-flags.ts');
    expect(reconcileLineFlags(sqlite)).toBeGreaterThan(0);
    expect(rollups(incidentId)).toEqual(recomputed(incidentId));
    expect(reconcileLineFlags(sqlite)).toBe(0);
  });
});
