// The typed test client refuses, at typecheck (`tsc -b`), what the router would refuse: an unknown or renamed
// procedure, a query called as a mutation, a field the input lacks. Each `@ts-expect-error` below fails the
// typecheck if the error it expects ever stops happening, so the typing cannot quietly decay to `any`.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InputOf, MutationPath, OutputOf, QueryPath } from '../support/api-types.ts';
import { ApiClient } from '../support/server.ts';

/** Never called: it exists to be typechecked. */
async function callsTheTypecheckRefuses(client: ApiClient) {
  // @ts-expect-error a procedure that does not exist (or was renamed)
  await client.ok('query', 'cost.everything', {});
  // @ts-expect-error a mutation called as a query
  await client.ok('query', 'cost.create', { incidentId: 'x', category: 'investigation', stage: 'paid', incurredOn: '2026-06-01', amount: 1 });
  // @ts-expect-error a category the schema does not have
  await client.ok('mutate', 'cost.create', { incidentId: 'x', category: 'lunch', stage: 'paid', incurredOn: '2026-06-01', amount: 1 });
  // @ts-expect-error a required field left out
  await client.ok('query', 'claim.summary', {});
  const summary = await client.ok('query', 'claim.summary', { incidentId: 'x' });
  // @ts-expect-error a field the output does not have
  return summary.totalPayableYen; // eslint-disable-line @typescript-eslint/no-unsafe-return -- the line exists to be a type error
}

describe('the typed test client', () => {
  it('reads names, inputs and outputs from the router', () => {
    expectTypeOf<'cost.list'>().toExtend<QueryPath>();
    expectTypeOf<'cost.create'>().toExtend<MutationPath>();
    expectTypeOf<InputOf<'claim.summary'>>().toHaveProperty('incidentId');
    expectTypeOf<OutputOf<'claim.summary'>['totalPayable']>().toEqualTypeOf<number>();
    expect(typeof callsTheTypecheckRefuses).toBe('function');
  });
});
