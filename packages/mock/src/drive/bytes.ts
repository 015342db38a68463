// The seam between the drive (which knows uploads and files) and the byte origin (which speaks HTTP the way
// OSS does): object keys the drive mints URLs for, the blob store holding the bytes, and what the byte origin
// asks the drive. No Node-only API here: the memory store and the byte origin run in a browser under MSW.

/**
 * An object on the byte origin: `uploads/<uploadKey>/<partNumber>` (PUT) or
 * `files/<spaceId>/<dentryId>/<version>` (GET, HEAD).
 */
export type ObjectKey = string;

/** Why the byte origin refuses a request, as OSS says it: `{ status: 404, code: 'NoSuchUpload', message }`. */
export interface OssRefusal {
  status: number;
  code: string;
  message: string;
}

/** One stored run of bytes; a file's content is its blobs in order (parts are not copied on commit). */
export interface BlobRef {
  id: string;
  size: number;
}

/** Where bytes live: memory (tests, MSW) or files under `dataDir` (blob-store-fs.ts). */
export interface BlobStore {
  /**
   * Stores the bytes under a new id and resolves once they are durable; rejects with a `BlobTooLargeError`
   * as soon as more than `maxBytes` arrived (what was written is removed), or with the source's error.
   */
  write(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<BlobRef>;
  /** The bytes of one blob from `start` to `end` inclusive (the whole blob by default), streamed. */
  read(id: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array>;
  delete(id: string): Promise<void>;
  /** The ids stored: at start, blobs no state names are removed (a kill -9 between write and commit). */
  list(): Promise<string[]>;
}

export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
}

/** What the byte origin asks the drive. */
export interface ByteTargets {
  /** May a PUT write this object now, and at most how many bytes? */
  beginPut(key: ObjectKey): { maxBytes: number } | OssRefusal;
  /**
   * The PUT's bytes are stored: they become the object (an upload part replaced is freed by the drive).
   * A refusal (the upload was committed or reset meanwhile) means the drive freed the blob.
   */
  finishPut(key: ObjectKey, blob: BlobRef): Promise<undefined | OssRefusal>;
  /** The bytes of a file object for a GET: its size and its blobs in order; a refusal when it is gone. */
  content(key: ObjectKey): { size: number; blobs: BlobRef[] } | OssRefusal;
}

/** Mints the signed URL and headers for one object (signed-urls.ts). */
export interface HeaderSignature {
  resourceUrls: string[];
  internalResourceUrls: string[];
  headers: Record<string, string>;
  expirationSeconds: number;
  region: string;
}
