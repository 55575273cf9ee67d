// The process that does the export in `bench/export-package.ts`: it only opens the seeded DATA_DIR and
// exports once, so its peak RSS is the export's and not the seeding's. Prints one JSON line on stdout.
// Usage: node --import tsx bench/export-package-child.ts <dataDir> <incidentId> <companyId> <userId> [locale]
import { performance } from 'node:perf_hooks';
import type { Locale } from '../shared/categories.ts';
import { openDatabase } from '../server/db/client.ts';
import { exportClaimPackage } from '../server/packages/build-package.ts';
import { openStorage } from '../server/storage.ts';

const [dataDir, incidentId, companyId, userId, localeArg] = process.argv.slice(2);
if (!dataDir || !incidentId || !companyId || !userId) {
  console.error('usage: export-package-child.ts <dataDir> <incidentId> <companyId> <userId> [locale]');
  process.exit(2);
}
const locale = (localeArg ?? 'ja') as Locale;

const MB = 1024 * 1024;
const round = (n: number) => Math.round(n * 10) / 10;

const db = await openDatabase(dataDir);
const storage = openStorage(dataDir);

// Sample RSS while the export runs, to see when the peak happens (maxRSS only says how high it went).
let sampledPeakRss = process.memoryUsage().rss;
let sampledPeakHeapUsed = process.memoryUsage().heapUsed;
let sampledPeakExternal = process.memoryUsage().external + process.memoryUsage().arrayBuffers;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  sampledPeakRss = Math.max(sampledPeakRss, m.rss);
  sampledPeakHeapUsed = Math.max(sampledPeakHeapUsed, m.heapUsed);
  sampledPeakExternal = Math.max(sampledPeakExternal, m.external + m.arrayBuffers);
}, 20);

const before = process.memoryUsage();
const maxRssBeforeKb = process.resourceUsage().maxRSS;
const start = performance.now();
const exported = await exportClaimPackage(db, storage, { incidentId, companyId, locale, userId });
const exportMs = performance.now() - start;
clearInterval(sampler);
const maxRssKb = process.resourceUsage().maxRSS;
const after = process.memoryUsage();
db.$client.close();

console.log(
  JSON.stringify({
    ...exported,
    exportMs: Math.round(exportMs),
    rssBeforeExportMb: round(before.rss / MB),
    heapUsedBeforeExportMb: round(before.heapUsed / MB),
    maxRssBeforeExportMb: round(maxRssBeforeKb / 1024),
    peakRssMb: round(maxRssKb / 1024),
    sampledPeakRssMb: round(sampledPeakRss / MB),
    sampledPeakHeapUsedMb: round(sampledPeakHeapUsed / MB),
    sampledPeakExternalMb: round(sampledPeakExternal / MB),
    rssAfterExportMb: round(after.rss / MB),
  }),
);
