// The environment, read once at start-up and validated, so a typo fails loudly instead of later.

import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { error: 'must be one of 1/0, true/false, on/off, yes/no' })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be between 0 and 65535' })
    .max(65535, { error: 'must be between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1, { error: 'must not be empty' }).default('127.0.0.1'),
  DATA_DIR: z.string().min(1, { error: 'must not be empty' }).default('./data'),
  /** Seed a demo company whose incident is the source's worked example 2 when the database is empty. */
  DEMO_SEED: flag.default(true),
  SESSION_IDLE_MINUTES: z.coerce.number({ error: 'must be a number of minutes' }).int({ error: 'must be a whole number' }).min(1).max(7 * 24 * 60).default(60),
  SESSION_MAX_HOURS: z.coerce.number({ error: 'must be a number of hours' }).int({ error: 'must be a whole number' }).min(1).max(30 * 24).default(12),
  /** The request log (JSON lines on stdout). */
  REQUEST_LOG: flag.default(true),
});

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  demoSeed: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  requestLog: boolean;
};

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(source[String(i.path[0])])}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    demoSeed: env.DEMO_SEED,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionMaxHours: env.SESSION_MAX_HOURS,
    requestLog: env.REQUEST_LOG,
  };
}
