// The production build (`npm run build`, `npm start`): the bundled server, dist/server/main.js, started with
// plain Node on an empty DATA_DIR, answers /healthz and tRPC, and imports spreadsheets through its reading
// thread — the file it loads by path at run time, the first thing a bundle breaks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.mjs';
import { postFiles } from '../support/files.ts';
import { setUpIncident } from '../support/fixtures.ts';
import { csvText, utf8Bom, xlsx, day } from '../support/import-files.ts';
import { ApiClient, signUpCompany } from '../support/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess;
let output = '';
let url: string;
let dataDir: string;

beforeAll(async () => {
  // Built only if the server's sources changed since the last build (a few hundred ms with esbuild). The
  // client is not needed here: the browser tests build it, and the API answers without it.
  await build(['server'], { ifStale: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'production-build-'));
  child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk) => (output += chunk));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after 15 s:\n${output}`)), 15_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the built server (node dist/server/main.js)', () => {
  it('answers /healthz, the demo sign-in details and a signed-in tRPC call', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const visitor = new ApiClient(url);
    // The demo is seeded on an empty database: its migrations ran from the drizzle folder found by path.
    const demo = await visitor.ok('query', 'auth.demo');
    expect(demo.credentials?.email).toBe('demo@example.jp');
    const { client, email } = await signUpCompany(url, 'Build');
    const me = await client.ok('query', 'auth.me');
    expect(me.email).toBe(email);
  });

  it('imports a CSV and an XLSX through its reading thread', async () => {
    const { client, companyId } = await signUpCompany(url, 'BuildImport');
    const { incidentId } = await setUpIncident(client, companyId);
    const files = [
      {
        name: '費用.csv',
        bytes: utf8Bom(
          csvText([
            ['日付', '費目', '支払先', '金額'],
            ['2026-06-20', '調査費用', '調査社', '220,000'],
          ]),
        ),
      },
      {
        name: '費用.xlsx',
        bytes: await xlsx([
          ['日付', '費目', '支払先', '金額'],
          [day('2026-06-21'), '弁護士費用', '法律事務所', 330_000],
        ]),
      },
    ];
    for (const file of files) {
      const answer = await postFiles(`${url}/api/incidents/${incidentId}/imports`, client.cookie, [file]);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const receipt = answer.body as { importId: string; format: string; mapping: Record<string, number> };
      expect(receipt.format).toBe(file.name.endsWith('.xlsx') ? 'xlsx' : 'csv');
      const mapping = { incurredOn: 0, category: 1, vendor: 2, amount: 3 };
      const preview = await client.ok('query', 'costImport.preview', { importId: receipt.importId, mapping, fixed: { stage: 'paid' } });
      expect(preview.rows).toHaveLength(1);
      await client.ok('mutate', 'costImport.commit', { importId: receipt.importId, mapping, fixed: { stage: 'paid' } });
    }
    const { items } = await client.ok('query', 'cost.list', { incidentId, limit: 100 });
    const amounts = items.map((item: { amount: number }) => item.amount).sort((x: number, y: number) => x - y);
    // The fixture's own line (¥1,500,000) and the two imported: ¥220,000 from the CSV, ¥330,000 from the XLSX.
    expect(amounts).toEqual([220_000, 330_000, 1_500_000]);
  });
});
