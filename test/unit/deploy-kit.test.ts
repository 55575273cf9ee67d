// The deployment kit in deploy/ (README, "Deploying on several machines"), checked as far as a machine without
// Docker allows: compose.yaml read as Compose would, against the variables the app reads (server/env.ts), the
// set-up scripts it mounts, and nginx.conf; `nginx -t` too where nginx 1.27.3 or later is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../server/env.ts';
import { KEEP_ALIVE_MS } from '../../server/http/server.ts';
import { MAX_IMPORT_BYTES } from '../../server/http/imports.ts';
import { MAX_UPLOAD_BYTES } from '../../server/http/uploads.ts';
import { healthCommand, loadCompose, readEnvFile, type ComposeService } from '../support/compose-file.ts';
import { findAll, parseNginxConf, sizeInBytes, type Directive } from '../support/nginx-conf.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY = path.join(ROOT, 'deploy');
const read = (relative: string) => readFileSync(path.join(ROOT, relative), 'utf8');

/** The variable names server/env.ts's schema declares (the keys of `envSchema`), read from its source. */
function envSchemaKeys(): string[] {
  const source = read('server/env.ts');
  const body = /const envSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source)?.[1];
  if (body === undefined) throw new Error('server/env.ts no longer declares `const envSchema = z.object({ … });`');
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? '');
}

const envExample = readEnvFile(path.join(DEPLOY, '.env.example'));
const { compose, names: composeVariables } = loadCompose(path.join(DEPLOY, 'compose.yaml'), envExample);
const services = compose.services;
const nginx = parseNginxConf(read('deploy/nginx.conf'));

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`compose.yaml has no service ${name}`);
  return found;
}

/** The services built from deploy/Dockerfile that run the app (not the one-shot bucket job). */
const appServices = Object.entries(services).filter(([, s]) => s.build?.dockerfile === 'deploy/Dockerfile' && s.command === undefined);
const [firstApp] = appServices;
const appEnv = firstApp?.[1].environment ?? {};

/** The compose service a postgres:// URL connects to, with its role and database. */
function target(url: string | undefined): { service: string; user: string; database: string } {
  const parsed = new URL(url ?? '');
  expect(parsed.protocol).toBe('postgres:');
  return { service: parsed.hostname, user: decodeURIComponent(parsed.username), database: parsed.pathname.slice(1) };
}

/** A location block's directives by name, for `location /api/` or `location /`. */
function location(pathArg: string): Directive {
  const found = findAll(nginx, 'location').find((l) => l.args.at(-1) === pathArg);
  if (!found) throw new Error(`nginx.conf has no location ${pathArg}`);
  return found;
}

describe('the deployment kit (deploy/)', () => {
  it('runs two app instances from one image built by deploy/Dockerfile, each with its own work folder', () => {
    expect(appServices.map(([name]) => name)).toEqual(['app1', 'app2']);
    const [[, one], [, two]] = appServices as [[string, ComposeService], [string, ComposeService]];
    expect(two.build).toEqual(one.build);
    expect(two.image).toBe(one.image);
    expect(two.environment).toEqual(one.environment);
    expect(one.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    // Two instances on one work volume would clear each other's uploads in flight at start-up.
    expect(one.volumes).not.toEqual(two.volumes);
    expect(one.volumes?.[0]).toMatch(new RegExp(`:${appEnv.DATA_DIR}$`));
  });

  it('builds on Node 20 bookworm-slim and starts as a non-root user the way `npm start` does', () => {
    const dockerfile = read('deploy/Dockerfile');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])).toEqual(['${NODE_IMAGE}', 'toolchain', 'toolchain', '${NODE_IMAGE}']);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile.trim().split('\n').at(-1)).toBe('CMD ["node", "scripts/start.mjs"]');
    expect(JSON.parse(read('package.json')) as { scripts: Record<string, string> }).toMatchObject({ scripts: { start: 'node scripts/start.mjs' } });
    // Secrets and local data stay out of the build context.
    expect(read('deploy/Dockerfile.dockerignore').split('\n')).toEqual(expect.arrayContaining(['deploy/.env', 'data', '**/node_modules']));
  });

  it('points DATABASE_URL at the primary and DATABASE_REPLICA_URLS at the replica that streams from it', () => {
    const primary = target(appEnv.DATABASE_URL);
    const replicas = (appEnv.DATABASE_REPLICA_URLS ?? '').split(',').map(target);
    expect(primary.service).toBe('db-primary');
    expect(replicas.map((r) => r.service)).toEqual(['db-replica']);
    expect(replicas[0]).toMatchObject({ user: primary.user, database: primary.database });

    // The primary is the service the one-time set-up runs on; the replica copies and follows that one.
    expect(service(primary.service).volumes).toContain('./postgres/primary-init.sh:/docker-entrypoint-initdb.d/10-app-and-replication.sh:ro');
    const replica = service('db-replica');
    expect(replica.entrypoint).toEqual(['/bin/sh', '/usr/local/bin/replica-start.sh']);
    expect(replica.environment?.PRIMARY_HOST).toBe(primary.service);
    expect(read('deploy/postgres/replica-start.sh')).toMatch(/pg_basebackup --host="\$PRIMARY_HOST" --username=replicator/);
    expect(Number(appEnv.DATABASE_POOL_MAX)).toBeGreaterThan(0);
  });

  it('acknowledges a commit only once the replica has it too (synchronous replication)', () => {
    const init = read('deploy/postgres/primary-init.sh');
    const standby = service('db-replica').environment?.STANDBY_NAME ?? '';
    expect(standby).not.toBe('');
    expect(init).toContain(`ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (${standby})';`);
    expect(init).toContain("ALTER SYSTEM SET synchronous_commit = 'on';");
    expect(init).toContain(`SELECT pg_create_physical_replication_slot('${standby}');`);
    expect(read('deploy/postgres/replica-start.sh')).toContain('application_name=$STANDBY_NAME');
    // The app starts only once the replica streams: before that, its migrations' commits would wait.
    expect(healthCommand(service('db-replica').healthcheck)).toContain('pg_stat_wal_receiver');
    expect(firstApp?.[1].depends_on?.['db-replica']).toEqual({ condition: 'service_healthy' });
  });

  it('creates the database with byte-order collation, owned by the role the app signs in as', () => {
    const { user, database } = target(appEnv.DATABASE_URL);
    expect(service('db-primary').environment?.POSTGRES_INITDB_ARGS).toBe('--locale=C --encoding=UTF8');
    const init = read('deploy/postgres/primary-init.sh');
    expect(init).toContain(`CREATE ROLE ${user} LOGIN PASSWORD :'app_password';`);
    expect(init).toContain(`CREATE DATABASE ${database} OWNER ${user} LOCALE 'C' ENCODING 'UTF8' TEMPLATE template0;`);
    expect(init).not.toMatch(/SUPERUSER/);
  });

  it('sets only variables the app reads (server/env.ts), so a renamed variable fails here', () => {
    const known = new Set(envSchemaKeys());
    for (const [name, s] of [...appServices, ['bucket', service('bucket')] as const]) {
      const unknown = Object.keys(s.environment ?? {}).filter((key) => !known.has(key));
      expect(unknown, `${name} sets variables server/env.ts does not read`).toEqual([]);
    }
  });

  it('gives the app a configuration it accepts: the bucket at the object store, the public address from deploy/.env', () => {
    const env = readEnv(appEnv);
    expect(env.appUrl).toBe(envExample.APP_URL);
    expect(env.host).toBe('0.0.0.0');
    expect(env.demoSeed).toBe(false);
    expect(env.s3).toMatchObject({ bucket: envExample.S3_BUCKET, endpoint: 'http://objects:8333', forcePathStyle: true });
    expect(new URL(env.s3?.endpoint ?? '').hostname in services).toBe(true);
    // The job that creates the bucket uses the same bucket, store and keys as the app.
    const bucketEnv = service('bucket').environment ?? {};
    for (const key of Object.keys(bucketEnv)) expect(bucketEnv[key], key).toBe(appEnv[key]);
    expect(firstApp?.[1].depends_on?.bucket).toEqual({ condition: 'service_completed_successfully' });
  });

  it('takes every secret from deploy/.env, which git ignores, with only placeholders in .env.example', () => {
    expect([...composeVariables].filter((name) => !(name in envExample))).toEqual([]);
    for (const secret of ['POSTGRES_PASSWORD', 'APP_DB_PASSWORD', 'REPLICATION_PASSWORD', 'S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID']) {
      expect(envExample[secret], secret).toMatch(/^replace-with-/);
      // Required: Compose refuses to start without it instead of starting with an empty password.
      expect(read('deploy/compose.yaml'), secret).toContain(`\${${secret}:?`);
    }
    expect(spawnSync('git', ['check-ignore', '-q', 'deploy/.env'], { cwd: ROOT }).status).toBe(0);
  });

  it('refers only to services, volumes and files that exist, and waits on health before it starts a dependant', () => {
    const conditions = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);
    for (const [name, s] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(dependency in services, `${name} depends on ${dependency}`).toBe(true);
        expect(conditions.has(condition), `${name} → ${dependency}: ${condition}`).toBe(true);
        // Healthy is only known of a service that checks its health.
        if (condition === 'service_healthy') expect(service(dependency).healthcheck, `${dependency} has a health check`).toBeDefined();
      }
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('.')) expect(existsSync(path.join(DEPLOY, source)), `${name} mounts ${source}`).toBe(true);
        else expect(source in (compose.volumes ?? {}), `${name} uses volume ${source}`).toBe(true);
      }
      for (const port of s.ports ?? []) expect(port, `${name} publishes ${port}`).toMatch(/^\d+:\d+$/);
      // Every long-running service says when it is ready; the one-shot job says it by exiting 0.
      if (s.restart !== 'no') expect(s.healthcheck, `${name} has a health check`).toBeDefined();
    }
    expect(service('lb').ports).toEqual([`${envExample.HTTP_PORT}:80`]);
  });

  it('checks each app instance at /readyz on the port it listens on', () => {
    for (const [name, s] of appServices) expect(healthCommand(s.healthcheck), name).toContain(`http://127.0.0.1:${s.environment?.PORT}/readyz`);
    expect(read('server/http/server.ts')).toContain("pathname === '/readyz'");
  });

  it('balances over both app instances, skipping one that fails or drains', () => {
    const upstream = findAll(nginx, 'upstream').find((u) => u.args[0] === 'app');
    const servers = findAll(upstream?.block ?? [], 'server');
    expect(servers.map((s) => s.args[0])).toEqual(appServices.map(([name, s]) => `${name}:${s.environment?.PORT}`));
    for (const s of servers) expect(s.args).toEqual(expect.arrayContaining(['resolve', expect.stringMatching(/^max_fails=\d+$/)]));
    expect(findAll(nginx, 'proxy_pass').map((d) => d.args)).toEqual([['http://app'], ['http://app']]);
    expect(findAll(nginx, 'proxy_next_upstream')[0]?.args).toEqual(expect.arrayContaining(['error', 'timeout', 'http_503']));
    // The load balancer starts once both instances are ready.
    expect(service('lb').depends_on).toEqual({ app1: { condition: 'service_healthy' }, app2: { condition: 'service_healthy' } });
  });

  it('lets the largest upload (a 50 MiB import) through, and not much more', () => {
    const limits = findAll(nginx, 'client_max_body_size');
    expect(limits).toHaveLength(1);
    const bytes = sizeInBytes(limits[0]?.args[0] ?? '');
    expect(bytes).toBeGreaterThanOrEqual(MAX_IMPORT_BYTES + 64 * 1024);
    expect(bytes).toBeGreaterThan(MAX_UPLOAD_BYTES);
    expect(bytes).toBeLessThanOrEqual(MAX_IMPORT_BYTES + 2 * 1024 * 1024);
    // Uploads reach the app as they arrive, so it can refuse one before the whole body is in.
    expect(findAll(location('/api/').block, 'proxy_request_buffering')[0]?.args).toEqual(['off']);
  });

  it("forwards the browser's Host with its port (the app's cross-site check compares it with Origin), scheme and address", () => {
    const headers = new Map(findAll(nginx, 'proxy_set_header').map((d) => [d.args[0]?.toLowerCase(), d.args[1]]));
    expect(headers.get('host')).toBe('$http_host');
    expect(headers.get('x-forwarded-proto')).toBe('$forwarded_proto');
    expect(headers.get('x-forwarded-for')).toBe('$proxy_add_x_forwarded_for');
    // Read by the app for its cookies' Secure flag (server/http/cookies.ts).
    expect(read('server/http/cookies.ts')).toContain("req.headers['x-forwarded-proto'] === 'https'");
  });

  const nginxVersion = (() => {
    const found = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
    return found.error ? null : (/nginx\/(\d+)\.(\d+)\.(\d+)/.exec(found.stderr)?.slice(1).map(Number) ?? null);
  })();
  const recentEnough = nginxVersion !== null && (nginxVersion[0] ?? 0) * 1e6 + (nginxVersion[1] ?? 0) * 1e3 + (nginxVersion[2] ?? 0) >= 1_027_003;
  const nginxTestName = recentEnough
    ? 'nginx -t accepts deploy/nginx.conf'
    : `nginx -t accepts deploy/nginx.conf — skipped: ${nginxVersion ? `nginx ${nginxVersion.join('.')} is older than 1.27.3, which the config needs` : 'no nginx on this machine'}, so the config is only parsed above`;
  it.skipIf(!recentEnough)(nginxTestName, () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'bct-nginx-'));
    try {
      const result = spawnSync('nginx', ['-t', '-p', prefix, '-e', 'stderr', '-g', `pid ${prefix}/nginx.pid;`, '-c', path.join(DEPLOY, 'nginx.conf')], {
        encoding: 'utf8',
      });
      expect(result.stderr).toContain('test is successful');
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('closes an idle connection to an instance before the instance would (no 502 on a reused connection)', () => {
    const timeout = /^\s*keepalive_timeout (\d+)s;/m.exec(read('deploy/nginx.conf'));
    expect(timeout, 'keepalive_timeout in the upstream block').not.toBeNull();
    expect(Number(timeout![1]) * 1000).toBeLessThan(KEEP_ALIVE_MS);
  });

  it('counts sign-in failures per browser address, believing X-Forwarded-For from the balancer alone', () => {
    const lb = service('lb') as ComposeService & { networks?: Record<string, { ipv4_address?: string }> };
    const balancer = lb.networks?.default?.ipv4_address ?? '';
    expect(appEnv.TRUSTED_PROXIES).toBe(balancer);
    const trusted = readEnv(appEnv).trustedProxies!;
    expect(trusted.check(balancer, 'ipv4')).toBe(true);
    // Another container on the network (the object store, a database) is not a balancer.
    expect(trusted.check('172.28.0.11', 'ipv4')).toBe(false);
    expect(read('deploy/nginx.conf')).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });

  it('reads the database settings the kit sets', () => {
    const keys = envSchemaKeys();
    for (const name of ['DATABASE_URL', 'DATABASE_REPLICA_URLS', 'DATABASE_POOL_MAX']) expect(keys).toContain(name);
    expect(readEnv(appEnv).postgres).toMatchObject({ url: appEnv.DATABASE_URL });
  });
});
