import { createHmac } from "node:crypto";

/** Where an S3 API answers and the keys it takes. */
export interface S3Store {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/**
 * The keys of the objects in `bucket` under `prefix` (the first 1000), listed over the S3 API
 * with a request signed by AWS signature version 2: short enough to write here, and accepted by
 * the test store beside version 4.
 */
export async function listObjectKeys(
  store: S3Store,
  bucket: string,
  prefix: string,
): Promise<string[]> {
  const date = new Date().toUTCString();
  const signature = createHmac("sha1", store.secretKey)
    .update(`GET\n\n\n${date}\n/${bucket}/`)
    .digest("base64");
  const response = await fetch(
    `${store.endpoint}/${bucket}/?prefix=${encodeURIComponent(prefix)}`,
    {
      headers: { Date: date, Authorization: `AWS ${store.accessKey}:${signature}` },
      signal: AbortSignal.timeout(10_000),
    },
  );
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`listing ${bucket}/${prefix} answered ${response.status}: ${body}`);
  }
  return [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1] ?? "");
}
