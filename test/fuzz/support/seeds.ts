// Reproducible runs: one fixed seed per property, derived from its name; FUZZ_SEED overrides them all and
// FUZZ_SCALE multiplies the run counts (e.g. FUZZ_SCALE=10 for a long local session).
export function seedOf(name: string): number {
  if (process.env.FUZZ_SEED) return Number(process.env.FUZZ_SEED);
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash | 0;
}

export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)));
