// The `bucket` job of deploy/compose.yaml: creates S3_BUCKET in the store unless it is there, waiting for the store
// to answer first. The app's start refuses a missing bucket (docs/decisions/035), so the app instances wait for this.
// Plain JavaScript on the app's own S3 client and S3_* variables, so it works with any S3-compatible store.
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

const ATTEMPTS = 60;
const PAUSE_MS = 2_000;

const env = process.env;
if (!env.S3_BUCKET) {
  console.error('bucket: S3_BUCKET is not set');
  process.exit(2);
}
const client = new S3Client({
  region: env.S3_REGION || 'us-east-1',
  ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
  forcePathStyle: ['1', 'true', 'on', 'yes'].includes(env.S3_FORCE_PATH_STYLE ?? ''),
  ...(env.S3_ACCESS_KEY_ID ? { credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '' } } : {}),
  // As the app's client (server/files/s3-object-store.ts): stores other than AWS refuse the SDK's default checksums.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const bucket = env.S3_BUCKET;
const statusOf = (error) => error?.$metadata?.httpStatusCode;

for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    console.log(`bucket: ${bucket} is there`);
    process.exit(0);
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) {
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        console.log(`bucket: created ${bucket}`);
        process.exit(0);
      } catch (createError) {
        // Another run created it meanwhile: the outcome asked for.
        if (createError?.name === 'BucketAlreadyOwnedByYou') process.exit(0);
        console.error(`bucket: cannot create ${bucket}: ${createError?.message ?? String(createError)}`);
        process.exit(1);
      }
    }
    // Wrong keys or a bucket someone else owns will not mend by waiting.
    if (status === 403) {
      console.error(`bucket: access to ${bucket} denied: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY`);
      process.exit(1);
    }
    // Not answering yet (starting, refusing connections, 5xx): try again shortly.
    if (attempt === ATTEMPTS) {
      console.error(`bucket: the store at ${env.S3_ENDPOINT ?? 'AWS'} did not answer: ${error?.message ?? String(error)}`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
}
