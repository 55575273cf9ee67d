// The object store in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, s3rver…), on when S3_BUCKET is
// set. Keys are the local layout's paths under S3_PREFIX. Uploads stream through lib-storage's Upload (one
// request for a small file, a multipart upload for a large one); the SDK's default CRC checksums are off
// (`WHEN_REQUIRED`), as stores other than AWS refuse or mangle them (docs/decisions/035-object-storage.md).

import { createReadStream, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Config } from '../env.ts';
import {
  checkKey,
  ObjectNotFound,
  TEMP_SEGMENT,
  type ByteRange,
  type ObjectInfo,
  type ObjectSource,
  type ObjectStore,
  type PutOptions,
} from './object-store.ts';

/** /readyz answers within this, whatever the bucket does. */
const CHECK_TIMEOUT_MS = 5_000;
/** Parts of a multipart upload in flight at once, each 5 MiB in memory: a few, as two cores serve everyone. */
const UPLOAD_QUEUE = 2;

/** The SDK names a missing key NoSuchKey on GET and NotFound on HEAD (a HEAD answer has no body to name it). */
function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3';
  readonly location: string;
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.location = `s3://${config.bucket}/${config.prefix}`;
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      // Without keys in the environment the SDK's own chain applies (AWS_* variables, an instance role).
      ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
      // Since SDK 3.729.0 every upload carries a CRC32 checksum and every download is checked against one;
      // MinIO, R2 and s3rver reject or lack them. Checksums only where an operation requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A store that stops answering fails the request instead of holding it forever.
      requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
    });
  }

  private keyOf(key: string): string {
    return this.config.prefix + checkKey(key);
  }

  async put(key: string, source: ObjectSource, options: PutOptions = {}): Promise<void> {
    if (options.sha256 && (await this.exists(key))) {
      if ('file' in source) rmSync(source.file, { force: true });
      else source.destroy();
      return;
    }
    const body = 'file' in source ? createReadStream(source.file) : source;
    try {
      await new Upload({
        client: this.client,
        queueSize: UPLOAD_QUEUE,
        params: {
          Bucket: this.config.bucket,
          Key: this.keyOf(key),
          Body: body,
          ...(options.contentType ? { ContentType: options.contentType } : {}),
          // The hash beside the object, for whoever reads the bucket without the app.
          ...(options.sha256 ? { Metadata: { sha256: options.sha256 } } : {}),
        },
      }).done();
    } finally {
      body.destroy();
    }
    if ('file' in source) rmSync(source.file, { force: true });
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      // In Node the body is the response itself (an IncomingMessage): a Readable.
      return answer.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFound(key);
      throw error;
    }
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key) }));
      return { size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there: nothing to catch.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key) }));
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.config.bucket, Prefix: this.config.prefix + prefix });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        const key = object.Key.slice(this.config.prefix.length);
        // Never written by the app (its work in flight stays on local disk), but left out as on disk.
        if (key.split('/')[1] === TEMP_SEGMENT) continue;
        found.push({ key, size: object.Size ?? 0 });
      }
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return found;
  }

  localPath(): null {
    return null;
  }

  async check(): Promise<void> {
    // One HEAD of the bucket: proves it is there and the keys may use it, and costs nothing.
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    } catch (error) {
      // A HEAD answer has no body, so the SDK cannot name the problem: the status says it.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why =
        status === 404
          ? 'no such bucket'
          : status === 403
            ? 'access denied (check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)'
            : status
              ? `HTTP ${status}`
              : (error as Error).message;
      throw new Error(`the bucket ${this.config.bucket}${this.config.endpoint ? ` at ${this.config.endpoint}` : ''} cannot be used: ${why}`, { cause: error });
    }
  }

  close(): void {
    this.client.destroy();
  }
}
