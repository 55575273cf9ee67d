// Generated Cookie headers at every mutation and file route: a real session, a session cookie that is not
// valid percent-encoding (`%`, `%E0%A4%A`), several cookies, other names, huge or empty values. Whatever the
// cookie, the answer is never a 5xx (at worst UNAUTHORIZED) and a refusal changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/auth/session.ts';
import { MUTATIONS, inputKeys } from './support/fuzz.ts';
import { useFuzzWorld } from './support/fuzz-server.ts';
import { keyedJunk, toJson } from './support/junk.ts';
import { runs, seedOf } from './support/seeds.ts';
import { brokenAuditChains, type World } from './support/world.ts';

const RUNS = 150;

const ctx = useFuzzWorld('session-cookie.fuzz');

const value = fc.oneof(
  fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '%%', 'a%2', '%C0%AF', '', ' ', '"quoted"', 'x'.repeat(5000), '=', 'a=b', '%2e%2e%2f'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);

/** A Cookie header: ours alone, ours beside others, or only others; the real session mixed in sometimes. */
const cookieHeader = (w: World) =>
  fc
    .tuple(value, fc.constantFrom(SESSION_COOKIE, `${SESSION_COOKIE} `, 'other', SESSION_COOKIE.toUpperCase()), fc.constantFrom('alone', 'before', 'after'))
    .map(([v, name, where]) => {
      const odd = `${name}=${v}`;
      const real = w.a.client.cookie!;
      return where === 'alone' ? odd : where === 'before' ? `${odd}; ${real}` : `${real}; ${odd}`;
    });

const FILE_ROUTES = (w: World) => [
  { method: 'GET' as const, path: `/api/attachments/${w.a.attachmentId}` },
  { method: 'GET' as const, path: `/api/packages/${w.a.packageId}.zip` },
  { method: 'POST' as const, path: `/api/costs/${w.a.costId}/attachments` },
  { method: 'POST' as const, path: `/api/incidents/${w.a.incidentId}/imports` },
];

describe('generated session cookies', () => {
  it('never answer 5xx at a mutation or a file route, and a refusal changes nothing', async () => {
    const trpc = fc
      .constantFrom(...MUTATIONS.filter((n) => n !== 'auth.logout' && n !== 'auth.logoutEverywhere' && n !== 'auth.changePassword'))
      .chain((name) => keyedJunk(inputKeys(name)).map((input) => ({ method: 'POST' as const, path: `/trpc/${name}`, body: toJson(input), label: name })));
    const files = fc.constantFrom(...FILE_ROUTES(ctx.world)).map((r) => ({ ...r, body: undefined as string | undefined, label: r.path.split('/')[2] }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(trpc, files), cookieHeader(ctx.world), async (target, cookie) => {
        await ctx.guard.send({
          ...target,
          headers: target.body === undefined ? {} : { 'content-type': 'application/json' },
          cookie,
          actor: `cookie ${cookie.slice(0, 60)}`,
        });
      }),
      { numRuns: runs(RUNS), seed: seedOf('session cookie') },
    );
  });

  it('leave every audit chain intact', async () => {
    expect(await brokenAuditChains(ctx.world.server)).toEqual([]);
  });
});
