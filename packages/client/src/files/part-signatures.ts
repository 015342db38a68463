// The signed PUT of each part of a multipart upload. getMultipartFileUploadInfos signs
// MAX_PART_NUMBERS_PER_CALL part numbers at a time; a batch is asked for when its first part is sent, and
// asked for again once it is stale, so that a slow upload (or a part retried after a backoff) never PUTs
// with a signature that expired on the way. DingTalk's documents say only that the PUT must come before
// `expirationSeconds`; a signature is used for the first SIGNATURE_USE_SHARE of its lifetime (limits.ts).
import type { StorageClient } from '../client.js';
import { type HeaderSignatureInfo, type SignedTarget, signedTarget } from './byte-leg.js';
import { MAX_PART_NUMBERS_PER_CALL, MAX_PARTS, SIGNATURE_USE_SHARE } from './limits.js';

interface Batch {
  infos: Map<number, HeaderSignatureInfo | undefined>;
  /** When to sign the batch again (ms since the epoch; Infinity when DingTalk gave no lifetime). */
  staleAt: number;
}

export interface PartSigning {
  client: StorageClient;
  unionId: string;
  uploadKey: string;
  /** The number of parts, when the body's size is known: the last batch asks for no more. */
  partCount: number | undefined;
  signal: AbortSignal;
}

/** A function that answers part `number`'s signed target, fresh enough to start a PUT with. */
export function partSignatures({ client, unionId, uploadKey, partCount, signal }: PartSigning) {
  const batches = new Map<number, Promise<Batch>>();
  const sign = async (batch: number): Promise<Batch> => {
    const from = batch * MAX_PART_NUMBERS_PER_CALL + 1;
    const to = Math.min(from + MAX_PART_NUMBERS_PER_CALL - 1, partCount ?? MAX_PARTS);
    const partNumbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // The lifetime runs from the asking, not the answer: the conservative end.
    const askedAt = Date.now();
    const { multipartHeaderSignatureInfos = [] } = await client.getMultipartFileUploadInfos(
      { unionId, uploadKey, partNumbers },
      { signal },
    );
    const infos = new Map<number, HeaderSignatureInfo | undefined>();
    let lifetimeSeconds = Number.POSITIVE_INFINITY;
    for (const { partNumber, headerSignatureInfo } of multipartHeaderSignatureInfos) {
      infos.set(partNumber as number, headerSignatureInfo);
      const seconds = headerSignatureInfo?.expirationSeconds;
      if (typeof seconds === 'number' && seconds > 0) lifetimeSeconds = Math.min(lifetimeSeconds, seconds);
    }
    return { infos, staleAt: askedAt + lifetimeSeconds * 1000 * SIGNATURE_USE_SHARE };
  };
  /** The batch, signed once however many of its parts ask at the same moment, and again once stale. */
  const freshBatch = async (batch: number): Promise<Batch> => {
    for (let signed = batches.get(batch); signed; signed = batches.get(batch)) {
      const current = await signed;
      if (Date.now() < current.staleAt) return current;
      // Stale: signed again here, unless a part that looked first already did.
      if (batches.get(batch) === signed) break;
    }
    const signed = sign(batch);
    batches.set(batch, signed);
    // The batch before is done with, but for a part of it still in flight (which then asks again).
    batches.delete(batch - 1);
    return signed;
  };
  return async (number: number): Promise<SignedTarget> => {
    const { infos } = await freshBatch(Math.floor((number - 1) / MAX_PART_NUMBERS_PER_CALL));
    return signedTarget(infos.get(number), 'getMultipartFileUploadInfos');
  };
}
