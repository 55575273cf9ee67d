// Global setup of the browser tests: builds the web client into dist/client when its sources changed
// since the last build (the fingerprint `npm start` checks, scripts/build-fingerprint.mjs), else nothing.
import { build } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await build(['client'], { ifStale: true });
}
