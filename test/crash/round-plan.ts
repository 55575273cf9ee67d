import { at } from '../support/at.ts';
// The crash test's plan: which round does what and when it is killed, all drawn from the seed before anything runs.

/** CRASH_SEED=<n> replays a failing run's choices (the exact instant still depends on the machine's speed). */
export const SEED = Number(process.env.CRASH_SEED ?? 20_260_601);
export const ROUND_KINDS = { writes: 12, import: 4, export: 4 } as const;
export const MIN_CLIENTS = 8;
export const MAX_CLIENTS = 16;

/** mulberry32: small, fast and good enough to spread kill moments; the same seed gives the same draws. */
export function generator(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const below = (random: () => number, n: number) => Math.floor(random() * n);

type Kind = keyof typeof ROUND_KINDS;
/**
 * Where an export is killed: as soon as its working directory exists (version reserved, row `building`),
 * while the ledger files are written, once the PDF is written, or while the ZIP is written. Found by
 * watching DATA_DIR/packages/tmp, so the moment does not depend on how busy the machine is.
 */
const EXPORT_PHASES = ['reserved', 'ledger', 'pdf', 'zip'] as const;
export type ExportPhase = (typeof EXPORT_PHASES)[number];

export interface RoundPlan {
  round: number;
  kind: Kind;
  clients: number;
  /** writes: ms after the writers start. import: the fraction of the commit's calibrated duration after
   * which the kill comes (past 1, some finish first and are acknowledged). export: how far the file of its
   * phase is written (ledger.csv, package.zip) compared with the calibration export's. */
  killAt: number;
  phase?: ExportPhase;
}

/** Kill moments are stratified: the k rounds of a kind each draw from their own k-th of the range, so every
 * seed covers the whole range, and the export rounds take the phases in turn. */
const KILL_RANGE: Record<Kind, [number, number]> = { writes: [150, 2000], import: [0.05, 1.1], export: [0.1, 0.9] };

export function roundPlans(seed: number): RoundPlan[] {
  const random = generator(seed);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = below(random, i + 1);
      [items[i], items[j]] = [at(items, j), at(items, i)];
    }
    return items;
  };
  const kinds = shuffle((Object.keys(ROUND_KINDS) as Kind[]).flatMap((kind) => Array<Kind>(ROUND_KINDS[kind]).fill(kind)));
  const strata = Object.fromEntries((Object.keys(ROUND_KINDS) as Kind[]).map((kind) => [kind, shuffle([...Array(ROUND_KINDS[kind]).keys()])])) as Record<
    Kind,
    number[]
  >;
  const phases = shuffle(Array.from({ length: ROUND_KINDS.export }, (_, i) => EXPORT_PHASES[i % EXPORT_PHASES.length]));
  return kinds.map((kind, i) => {
    const [lo, hi] = KILL_RANGE[kind];
    const at = kind === 'export' ? lo + (hi - lo) * random() : lo + ((hi - lo) * (strata[kind].pop()! + random())) / ROUND_KINDS[kind];
    return {
      round: i + 1,
      kind,
      clients: MIN_CLIENTS + below(random, MAX_CLIENTS - MIN_CLIENTS + 1),
      killAt: kind === 'writes' ? Math.round(at) : Math.round(at * 100) / 100,
      ...(kind === 'export' ? { phase: phases.pop()! } : {}),
    };
  });
}

/** How a round's kill moment reads in its test's name. */
export function killMoment(plan: RoundPlan): string {
  return plan.kind === 'writes'
    ? `${plan.killAt} ms into the writes`
    : plan.kind === 'import'
      ? `at ${plan.killAt}× the commit's calibrated time`
      : {
          reserved: 'as soon as its version is reserved',
          ledger: `with ${plan.killAt} of ledger.csv written`,
          pdf: 'once the PDF is written',
          zip: `with ${plan.killAt} of the ZIP written`,
        }[plan.phase!];
}
