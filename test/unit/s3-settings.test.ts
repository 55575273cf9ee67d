// The S3_* settings (README, Configuration): off without S3_BUCKET, read whole with it, and half a
// configuration refused at start with a line naming what is missing — never printing the secret key.
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../server/env.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('the S3_* settings', () => {
  it('keep the stored files on local disk while S3_BUCKET is unset', () => {
    expect(readEnv({}).s3).toBeUndefined();
  });

  it('read a bucket with the defaults: region us-east-1, virtual-hosted addresses, no prefix, the SDK’s own credentials', () => {
    expect(readEnv({ S3_BUCKET: 'claims-prod' }).s3).toEqual({
      bucket: 'claims-prod',
      endpoint: null,
      region: 'us-east-1',
      accessKeyId: null,
      secretAccessKey: null,
      forcePathStyle: false,
      prefix: '',
    });
  });

  it('read every setting of a store other than AWS, the prefix as a folder ending in /', () => {
    const env = readEnv({
      S3_BUCKET: 'claims',
      S3_ENDPOINT: 'http://minio.internal:9000',
      S3_REGION: 'auto',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: SECRET,
      S3_FORCE_PATH_STYLE: 'on',
      S3_PREFIX: 'tenants/b-sha',
    });
    expect(env.s3).toEqual({
      bucket: 'claims',
      endpoint: 'http://minio.internal:9000',
      region: 'auto',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: SECRET,
      forcePathStyle: true,
      prefix: 'tenants/b-sha/',
    });
    expect(readEnv({ S3_BUCKET: 'claims', S3_PREFIX: 'one/' }).s3?.prefix).toBe('one/');
  });

  it('refuse a setting without S3_BUCKET, which would otherwise quietly keep the files on local disk', () => {
    expect(() => readEnv({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_BUCKET \(not set\): must be set when S3_ENDPOINT is/);
    expect(() => readEnv({ S3_PREFIX: 'claims/' })).toThrow(/S3_BUCKET \(not set\): must be set when S3_PREFIX is/);
    expect(() => readEnv({ S3_REGION: 'ap-northeast-1' })).toThrow(/S3_BUCKET \(not set\): must be set when S3_REGION is/);
  });

  it('refuse one key of the pair without the other, and never print the secret', () => {
    expect(() => readEnv({ S3_BUCKET: 'claims', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' })).toThrow(
      /S3_SECRET_ACCESS_KEY \(not set\): must be set when S3_ACCESS_KEY_ID is/,
    );
    let message = '';
    try {
      readEnv({ S3_BUCKET: 'claims', S3_SECRET_ACCESS_KEY: SECRET });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/S3_ACCESS_KEY_ID \(not set\): must be set when S3_SECRET_ACCESS_KEY is/);
    expect(message).not.toContain(SECRET);
  });

  it('refuse a bucket name, an endpoint, a region or a prefix that cannot be right', () => {
    expect(() => readEnv({ S3_BUCKET: 'Claims_Prod' })).toThrow(/S3_BUCKET="Claims_Prod": must be a bucket name/);
    expect(() => readEnv({ S3_BUCKET: 'claims', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT="minio:9000": must be an http:\/\/ or https:\/\/ URL/);
    expect(() => readEnv({ S3_BUCKET: 'claims', S3_REGION: 'Tokyo' })).toThrow(/S3_REGION="Tokyo": must be a region name/);
    for (const prefix of ['../other', '/claims', 'a/../b', 'a//b', 'スペース']) {
      expect(() => readEnv({ S3_BUCKET: 'claims', S3_PREFIX: prefix }), prefix).toThrow(/S3_PREFIX=.*: must be a folder such as claims\//);
    }
    expect(() => readEnv({ S3_BUCKET: 'claims', S3_FORCE_PATH_STYLE: 'sometimes' })).toThrow(/S3_FORCE_PATH_STYLE="sometimes": must be one of/);
  });
});
