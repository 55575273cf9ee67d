// Exports the demo incident's claim package and keeps its PDF, with each page as a PNG, under
// docs/sample/ — what the insurer receives, to look at without running the app: `npm run sample-package`.
import { at, must } from '../test/support/at.ts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { DEMO_CREDENTIALS } from '../server/demo.ts';
import { ApiClient, startTestServer } from '../test/support/server.ts';
import { readZip } from '../test/support/zip.ts';
import { WORKED_EXAMPLE_2 } from '../shared/worked-examples.ts';

const OUT = 'docs/sample';
const server = await startTestServer({ demo: true });
try {
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.login', DEMO_CREDENTIALS);
  const me = await client.ok('query', 'auth.me');
  const incidents = await client.ok('query', 'incident.list', { companyId: at(me.memberships, 0).companyId });
  const incident = must(
    incidents.find((i) => i.title === WORKED_EXAMPLE_2.incident.title),
    'the demo incident',
  );
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const locale of ['ja', 'en'] as const) {
    const { packageId } = await client.ok('mutate', 'claim.export', { incidentId: incident.id, locale });
    const response = await fetch(`${server.url}/api/packages/${packageId}.zip`, { headers: { cookie: client.cookie! } });
    const entries = await readZip(Buffer.from(await response.arrayBuffer()));
    const pdf = entries.find((e) => e.path === 'claim-summary.pdf')!;
    const file = `${OUT}/claim-summary-${locale}.pdf`;
    writeFileSync(file, pdf.bytes);
    try {
      execFileSync('pdftoppm', ['-png', '-r', '70', file, `${OUT}/claim-summary-${locale}`]);
    } catch {
      console.log('pdftoppm (poppler-utils) not found: PDF written without page images');
    }
    console.log(`wrote ${file} (${pdf.bytes.length} bytes)`);
  }
} finally {
  await server.close();
}
