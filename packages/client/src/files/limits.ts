// The bounds of an upload, from DingTalk's documents (dingtalk-storage-api.md §4.2: part numbers 1..10000, at
// most 30 per getMultipartFileUploadInfos call, a part 100 KB..5 GB but the last), and this package's
// defaults (its choice: DingTalk documents none).

/** Part numbers run 1..MAX_PARTS. */
export const MAX_PARTS = 10_000;
/** The most part numbers one getMultipartFileUploadInfos call signs. */
export const MAX_PART_NUMBERS_PER_CALL = 30;
/** The smallest part but the last (OSS's 100 KB). */
export const MIN_PART_SIZE = 100 * 1024;
/** The largest part (5 GiB). */
export const MAX_PART_SIZE = 5 * 1024 ** 3;
/**
 * The default part size, 8 MiB (this package's choice): a body larger than a part goes multipart; 8 MiB
 * parts reach 78 GiB within MAX_PARTS. A body of known size that would need more parts gets larger ones.
 */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** Parts PUT at once by default (this package's choice). */
export const DEFAULT_CONCURRENCY = 4;
/**
 * How long a byte leg's attempt may go without progress, by default: a download while it waits on the
 * network (not while a slow reader holds what it was sent); an upload's PUT until it is answered (the wire
 * does not tell how far a body got), so it is long enough for a default part on a slow link.
 */
export const DEFAULT_BYTE_TIMEOUT_MS = 120_000;
/**
 * The share of a part URL's lifetime (getMultipartFileUploadInfos' `expirationSeconds`) it is used for; then
 * its batch is signed again (this package's choice: DingTalk says only that the PUT must come before the
 * expiry; 675 s of 900 leaves a part that starts late, or is retried after a backoff, time to begin).
 */
export const SIGNATURE_USE_SHARE = 0.75;
