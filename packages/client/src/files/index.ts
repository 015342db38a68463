// Public API of @dingtalk-storage/client/files: whole-file upload and download on a client, kept out of the
// core bundle.
export type { UploadBody } from './body-parts.js';
export { type ByteRange, type DownloadFileInput, downloadFile } from './download.js';
export {
  DEFAULT_BYTE_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  MAX_PART_NUMBERS_PER_CALL,
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  SIGNATURE_USE_SHARE,
} from './limits.js';
export type { TransferOptions } from './transfer-options.js';
export {
  type ConflictStrategy,
  type Dentry,
  type UploadFileInput,
  type UploadProgress,
  uploadFile,
} from './upload.js';
