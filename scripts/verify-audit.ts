// Verifies the audit log's hash chain of every company in DATA_DIR (default ./data) and says which
// holds. Exits 1 when any chain is broken, so it can run from cron or CI.
//   npm run audit:verify            DATA_DIR=/srv/claims/data npm run audit:verify

import { verifyChain } from '../server/audit-chain.ts';
import { closeDatabase, openConfiguredDatabase } from '../server/db/client.ts';
import { readEnv } from '../server/env.ts';
import { companies } from '../server/db/schema.ts';

const db = await openConfiguredDatabase(readEnv());
let broken = 0;
for (const company of await db.select({ id: companies.id, name: companies.name }).from(companies)) {
  const result = await verifyChain(db, company.id);
  if (!result.ok) broken += 1;
  console.log(
    result.ok
      ? `OK      ${company.name} (${company.id}): ${result.entries} entries, head ${result.head}`
      : `BROKEN  ${company.name} (${company.id}): entry ${result.firstBrokenId} does not match its hash (entry ${result.entries} of the chain)`,
  );
}
await closeDatabase(db);
process.exit(broken > 0 ? 1 : 0);
