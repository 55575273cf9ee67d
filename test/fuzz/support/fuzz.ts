// The two fuzzers over tRPC: junk (any JSON, or no JSON, in any envelope) and near-valid (a real input
// with one field changed, or several set to valid extremes), both sent through the RequestGuard, with the
// sender's authority checked too.
import fc from 'fast-check';
import { expect } from 'vitest';
import { appRouter } from '../../../server/routers/_app.ts';
import { RequestGuard, type Answer, type Sent } from './guard.ts';
import { junk, junkBody, MISSING, objectOf, PROTO_KEYS, toJson } from './junk.ts';
import type { Actor, Shape } from './shapes.ts';
import type { World } from './world.ts';
import { at, must } from '../../support/at.ts';

type Procedure = { _def: { type: string; inputs?: unknown[] } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

/** Every mutation of the app router, read from the router itself so a new one is fuzzed without a change here. */
export const MUTATIONS = Object.keys(procedures).filter((name) => must(procedures[name], 'procedures[name]')._def.type === 'mutation');

/** The part of zod 4's internals the walk reads: an object's shape and the schemas it wraps. */
interface ZodInternals {
  _zod?: { def?: { shape?: Record<string, unknown>; in?: unknown; out?: unknown; innerType?: unknown; schema?: unknown } };
}

/** The field names of a procedure's zod input (through pipes, defaults and optionals). */
export function inputKeys(name: string): string[] {
  const keys = new Set<string>();
  const visit = (schema: unknown, depth: number) => {
    const def = (schema as ZodInternals | undefined)?._zod?.def;
    if (!def || depth > 6) return;
    if (def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
    for (const inner of [def.in, def.out, def.innerType, def.schema]) visit(inner, depth + 1);
  };
  for (const input of must(procedures[name], 'procedures[name]')._def.inputs ?? []) visit(input, 0);
  return [...keys];
}

export interface FuzzContext {
  world: World;
  guard: RequestGuard;
}

function clientOf(world: World, actor: Actor) {
  const clients = { admin: world.a.client, responder: world.a.responder, finance: world.a.finance, broker: world.broker.client, other: world.b.client };
  return actor === 'anonymous' ? null : clients[actor];
}

/** Procedures that sign in someone else: the actor keeps its own session (and identity) instead. */
const SIGN_INS = new Set(['auth.signup', 'auth.login', 'auth.acceptInvite']);

/** Keeps the cookie a password change or a sign-out set, as a browser would. */
function keepCookie(world: World, name: string, actor: Actor, answer: Answer) {
  if (SIGN_INS.has(name)) return;
  const client = clientOf(world, actor);
  const set = answer.headers['set-cookie']?.at(-1);
  if (!client || !set) return;
  const value = at(set.split(';'), 0);
  client.cookie = value.endsWith('=') ? null : value;
}

/** The broker's own moves; anything else it writes must be refused (docs/rules.md §7). */
const BROKER_WRITES = new Set(['review.decide', 'claim.setStatus', 'claim.settle', 'notification.markRead', 'calendar.rotate', 'calendar.revoke']);
/** Mutations anyone signed in may make about themselves only, without naming a record (their own calendar feed). */
const SELF_ONLY = new Set(['notification.markRead', 'calendar.rotate', 'calendar.revoke']);

/** Beyond the guard's checks: who sent it must have been allowed to do it. */
function checkAuthority(ctx: FuzzContext, name: string, actor: Actor, body: string, answer: Answer) {
  if (answer.refused || name.startsWith('auth.')) return; // auth.* are about the sender itself
  const what = `${actor} succeeded at ${name} with ${body.slice(0, 400)} → ${answer.text.slice(0, 300)}`;
  if (actor === 'anonymous') expect.fail(`nobody signed in changed something: ${what}`);
  if (actor === 'broker') expect(BROKER_WRITES.has(name), `the broker wrote outside its moves: ${what}`).toBe(true);
  if (actor === 'other' && !SELF_ONLY.has(name)) {
    const b = ctx.world.b;
    const own = [b.companyId, b.policyId, b.incidentId, b.costId, b.attachmentId, b.packageId, b.userId];
    expect(
      own.some((id) => body.includes(id)),
      `another company changed something without naming its own records: ${what}`,
    ).toBe(true);
  }
}

export interface Envelope {
  method: Sent['method'];
  batch: boolean;
  contentType: string | null;
  /** Retries without duplicates (server/idempotency.ts): a refusal must not store the key either. */
  idempotencyKey: string | null;
}
const PLAIN: Envelope = { method: 'POST', batch: false, contentType: 'application/json', idempotencyKey: null };

/** Mostly none; a fresh key, one key reused across requests, or a malformed one. */
const idempotencyKey: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constant('fuzz-reused-key-0001') },
  { weight: 1, arbitrary: fc.constantFrom('', 'short', 'has a space in it', 'x'.repeat(201), 'caf\u00e9-key-0001') },
);

export async function call(ctx: FuzzContext, name: string, body: string, actor: Actor, envelope: Envelope = PLAIN): Promise<Answer> {
  let path = `/trpc/${name}`;
  let sentBody: string | undefined = body;
  if (envelope.batch) {
    path += '?batch=1';
    let json = true;
    try {
      JSON.parse(body);
    } catch {
      json = false;
    }
    if (json) sentBody = `{"0":${body}}`;
  }
  if (envelope.method === 'GET' || envelope.method === 'HEAD') {
    path += `${envelope.batch ? '&' : '?'}input=${encodeURIComponent(sentBody)}`;
    sentBody = undefined;
  }
  const headers: Record<string, string> = envelope.contentType ? { 'content-type': envelope.contentType } : {};
  if (envelope.idempotencyKey !== null) headers['idempotency-key'] = envelope.idempotencyKey;
  const answer = await ctx.guard.send({
    method: envelope.method,
    path,
    body: sentBody,
    headers,
    cookie: clientOf(ctx.world, actor)?.cookie ?? null,
    actor,
    label: name,
  });
  checkAuthority(ctx, name, actor, body, answer);
  keepCookie(ctx.world, name, actor, answer);
  return answer;
}

/** Mostly the usual sender, sometimes a lower role, another company, the broker or nobody. */
function actorFor(shape: Pick<Shape, 'actors'> | undefined): fc.Arbitrary<Actor> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...(shape?.actors ?? ['admin'])) },
    { weight: 2, arbitrary: fc.constantFrom<Actor>('responder', 'finance') },
    { weight: 2, arbitrary: fc.constant<Actor>('other') },
    { weight: 1, arbitrary: fc.constant<Actor>('broker') },
    { weight: 1, arbitrary: fc.constant<Actor>('anonymous') },
  );
}

const envelope: fc.Arbitrary<Envelope> = fc.record({
  method: fc.oneof({ weight: 20, arbitrary: fc.constant<Sent['method']>('POST') }, fc.constantFrom<Sent['method']>('GET', 'PUT')),
  batch: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, fc.constant(true)),
  contentType: fc.oneof(
    { weight: 16, arbitrary: fc.constant<string | null>('application/json') },
    fc.constantFrom<string | null>(
      null,
      'text/plain',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/x-www-form-urlencoded',
    ),
  ),
  idempotencyKey,
});

/** (a) Anything: junk JSON, junk under the procedure's own field names, or bytes that are not JSON. */
export const junkPlan = (name: string, shape?: Shape) => fc.record({ actor: actorFor(shape), body: junkBody(inputKeys(name)), envelope });

export type Change =
  | { field: string; value: unknown }
  | { extra: string; value: unknown }
  /** Several fields at once, each a value the schema accepts. */
  | { valid: Record<string, unknown> };

/**
 * (b) The shape's valid input with one field replaced (by a value of its kind, junk, or nothing), with
 * several fields at valid extremes, or with one unknown key added.
 */
export function nearValidPlan(shape: Shape, world: World) {
  const fields = Object.keys(shape.fields);
  const replaced: fc.Arbitrary<Change> = fields.length
    ? fc
        .constantFrom(...fields)
        .chain((field) =>
          fc
            .oneof(
              { weight: 6, arbitrary: must(shape.fields[field], 'shape.fields[field]').any(world) },
              { weight: 2, arbitrary: junk },
              { weight: 1, arbitrary: fc.constant(MISSING) },
            )
            .map((value) => ({ field, value })),
        )
    : fc.constant({ extra: 'x', value: 1 });
  const extremeFields = fields.filter((field) => must(shape.fields[field], 'shape.fields[field]').valid);
  const extremes: fc.Arbitrary<Change> = extremeFields.length
    ? fc
        .record(Object.fromEntries(extremeFields.map((field) => [field, must(shape.fields[field], 'shape.fields[field]').valid!(world)])), { requiredKeys: [] })
        .map((valid) => ({ valid }))
    : replaced;
  const added: fc.Arbitrary<Change> = fc
    .tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 10 })), junk)
    .map(([extra, value]) => ({ extra, value }));
  return fc.record({
    actor: actorFor(shape),
    change: fc.oneof({ weight: 6, arbitrary: replaced }, { weight: 3, arbitrary: extremes }, { weight: 1, arbitrary: added }),
    envelope: idempotencyKey.map((key): Envelope => ({ ...PLAIN, idempotencyKey: key })),
  });
}

/** The JSON text of a base input with the change applied (an added `__proto__` stays an own key). */
export function applyChange(base: Record<string, unknown>, change: Change): string {
  if ('valid' in change) return toJson({ ...base, ...change.valid });
  const entries = Object.entries(base);
  if ('extra' in change) return toJson(objectOf([...entries, [change.extra, change.value]]));
  const rest = entries.filter(([key]) => key !== change.field);
  return toJson(objectOf([...rest, [change.field, change.value]]));
}
