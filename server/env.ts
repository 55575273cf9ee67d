// The environment, read once at start-up and validated, so a typo fails loudly instead of later.

import path from 'node:path';
import type { BlockList } from 'node:net';
import { z } from 'zod';
import type { PostgresOptions } from './db/postgres.ts';
import { parseTrustedProxies } from './http/client-address.ts';

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
  SESSION_IDLE_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number' })
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  SESSION_MAX_HOURS: z.coerce
    .number({ error: 'must be a number of hours' })
    .int({ error: 'must be a whole number' })
    .min(1)
    .max(30 * 24)
    .default(12),
  /** The request log (JSON lines on stdout). */
  REQUEST_LOG: flag.default(true),
  /** Load balancers whose X-Forwarded-For is believed: addresses and networks, comma-separated (server/http/client-address.ts). */
  TRUSTED_PROXIES: z
    .string()
    .superRefine((spec, ctx) => {
      try {
        parseTrustedProxies(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional(),
  // Deadline reminders by e-mail (server/reminders/): off while SMTP_HOST is unset.
  SMTP_HOST: z.string().min(1, { error: 'must not be empty' }).optional(),
  SMTP_PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .default(587),
  /** On: TLS from the start (port 465); off: STARTTLS when the server offers it (587). */
  SMTP_SECURE: flag.default(false),
  SMTP_USER: z.string().min(1, { error: 'must not be empty' }).optional(),
  // Never validated beyond presence: an error message quotes the value, and this one is a secret.
  SMTP_PASSWORD: z.string().optional(),
  /** The sender: `reminders@example.jp` or `期限のお知らせ <reminders@example.jp>`. */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, { error: 'must be an address, or a name and <address>' })
    .optional(),
  /** The address people open the app at, for links in mails and the calendar feed's URL. */
  APP_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((v) => !/[?#]/.test(v), { error: 'must not have a query or fragment' })
    .optional(),
  // Stored files in an S3-compatible bucket (server/files/s3-object-store.ts): off while S3_BUCKET is unset.
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens' })
    .optional(),
  /** Another store than AWS S3: MinIO, R2, s3rver… */
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Applied in readEnv (`us-east-1`): a default here would hide whether it was set without S3_BUCKET. */
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, { error: 'must be a region name such as us-east-1 or auto' })
    .optional(),
  S3_ACCESS_KEY_ID: z.string().min(1, { error: 'must not be empty' }).optional(),
  // Never validated beyond presence: an error message quotes the value, and this one is a secret.
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** On: `endpoint/bucket/key` addresses, which MinIO and s3rver need; off: `bucket.endpoint/key`. */
  S3_FORCE_PATH_STYLE: flag.optional(),
  /** Keys start with this folder in the bucket, so that one bucket can hold several installations. */
  S3_PREFIX: z
    .string()
    .regex(/^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*\/?$/, {
      error: 'must be a folder such as claims/ (letters, digits, . _ - and /)',
    })
    .optional(),
  // PostgreSQL instead of the embedded SQLite (server/db/postgres.ts): off while DATABASE_URL is unset.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  /** Read replicas, comma-separated postgres:// URLs. */
  DATABASE_REPLICA_URLS: z
    .string()
    .refine((v) => v.split(',').every((url) => /^postgres(ql)?:\/\/\S+$/.test(url.trim())), { error: 'must be postgres:// URLs separated by commas' })
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1).max(1000).optional(),
});

/** The S3-compatible bucket the stored files live in. */
export interface S3Config {
  bucket: string;
  endpoint: string | null;
  region: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
  /** Empty, or a folder ending in `/`. */
  prefix: string;
}

const S3_SETTINGS = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX'] as const;

/** The SMTP server and sender of the reminder e-mails. */
export interface MailConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

const withMailRules = envSchema.superRefine((env, ctx) => {
  if (env.SMTP_HOST && !env.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'must be set when SMTP_HOST is' });
  // Reported on SMTP_USER: an issue on SMTP_PASSWORD would print the password.
  if (env.SMTP_PASSWORD && !env.SMTP_USER) ctx.addIssue({ code: 'custom', path: ['SMTP_USER'], message: 'must be set when SMTP_PASSWORD is' });
  // Half an S3 configuration would otherwise quietly keep the files on local disk.
  const stray = S3_SETTINGS.find((name) => env[name] !== undefined);
  if (stray && !env.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: `must be set when ${stray} is` });
  for (const name of ['DATABASE_REPLICA_URLS', 'DATABASE_POOL_MAX'] as const) {
    if (env[name] !== undefined && !env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: `must be set when ${name} is` });
  }
  if (env.S3_ACCESS_KEY_ID && !env.S3_SECRET_ACCESS_KEY)
    ctx.addIssue({ code: 'custom', path: ['S3_SECRET_ACCESS_KEY'], message: 'must be set when S3_ACCESS_KEY_ID is' });
  // Reported on S3_ACCESS_KEY_ID: an issue on S3_SECRET_ACCESS_KEY would print the secret.
  if (env.S3_SECRET_ACCESS_KEY && !env.S3_ACCESS_KEY_ID)
    ctx.addIssue({ code: 'custom', path: ['S3_ACCESS_KEY_ID'], message: 'must be set when S3_SECRET_ACCESS_KEY is' });
});

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  demoSeed: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  requestLog: boolean;
  /** Null: the socket's address is the client's (no load balancer in front). */
  trustedProxies: BlockList | null;
  /** Null: reminders by e-mail are off. */
  mail: MailConfig | null;
  /** Without a trailing slash. */
  appUrl: string;
  /** Absent: stored files stay on local disk under DATA_DIR. */
  s3?: S3Config;
  /** Absent: the embedded SQLite database in DATA_DIR. */
  postgres?: PostgresOptions;
};

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = withMailRules.safeParse(present);
  if (!parsed.success) {
    const shown = (name: string) => (source[name] === undefined ? `${name} (not set)` : `${name}=${JSON.stringify(source[name])}`);
    const lines = parsed.error.issues.map((i) => `  ${shown(String(i.path[0]))}: ${i.message}`);
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
    trustedProxies: env.TRUSTED_PROXIES ? parseTrustedProxies(env.TRUSTED_PROXIES) : null,
    mail: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: env.SMTP_PORT,
          secure: env.SMTP_SECURE,
          user: env.SMTP_USER ?? null,
          password: env.SMTP_PASSWORD ?? null,
          from: env.MAIL_FROM!,
        }
      : null,
    appUrl: (env.APP_URL ?? `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT ?? null,
          region: env.S3_REGION ?? 'us-east-1',
          accessKeyId: env.S3_ACCESS_KEY_ID ?? null,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? null,
          forcePathStyle: env.S3_FORCE_PATH_STYLE ?? false,
          prefix: env.S3_PREFIX ? env.S3_PREFIX.replace(/\/?$/, '/') : '',
        }
      : undefined,
    postgres: env.DATABASE_URL
      ? {
          url: env.DATABASE_URL,
          replicaUrls: env.DATABASE_REPLICA_URLS?.split(',').map((url) => url.trim()) ?? [],
          poolMax: env.DATABASE_POOL_MAX,
        }
      : undefined,
  };
}
