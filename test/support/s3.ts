// An S3-compatible store in the test's own process: s3rver on loopback, its buckets in a temporary folder.
// It speaks the S3 API the app uses (put, multipart upload, get with ranges, head, list, delete), signed
// with its fixed keys; it does not honour conditional writes, which the app never relies on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from '../../server/env.ts';
import { keepIdleConnections } from '../../server/http/server.ts';

export interface TestS3 {
  endpoint: string;
  /** The app's settings for one of the buckets, as S3_* would give them. */
  config(bucket: string, prefix?: string): S3Config;
  close(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'bct-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  // The SDK's agent keeps idle connections with no time limit of its own; with Node's default here (closing
  // after ~6 s idle), a request sent as one closed would get ECONNRESET (test/support/round-robin.ts).
  keepIdleConnections(server.httpServer);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    config: (bucket, prefix = '') => ({
      bucket,
      endpoint,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      prefix,
    }),
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
