// Public API of @dingtalk-storage/client.

export type {
  CreateSpaceResponse,
  GetSpaceResponse,
  OperationId,
  OperationInput,
  OperationOutput,
  OwnerType,
  PartitionQuota,
  Space,
  SpaceOption,
  SpacePartition,
  StorageErrorCode,
} from '@dingtalk-storage/types';
export { type AppTokenProviderOptions, createAppTokenProvider } from './app-token.js';
export { type CallOptions, createStorageClient, type StorageClient } from './client.js';
export { DINGTALK_CN_BASE_URL, DINGTALK_INTL_BASE_URL } from './constants.js';
export { DEFAULT_TRANSPORT } from './default-wire.js';
export {
  type ClientErrorCode,
  StorageApiError,
  type StorageApiErrorCode,
  type StorageApiErrorFields,
  StorageError,
  StorageNetworkError,
  StorageTimeoutError,
  StorageValidationError,
  type TimeoutPhase,
} from './errors.js';
// StorageOperations and each method's named input and output types (`CreateSpaceInput`, …), generated.
export type * from './generated/methods.js';
export type { StorageClientOptions } from './options.js';
export {
  type PageItem,
  type Paginated,
  type PaginatedOperationId,
  StoragePaginationError,
} from './paginate.js';
export type { RetryEvent, RetryOptions } from './retry.js';
export {
  type AsyncOperationId,
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_TASK_TIMEOUT_MS,
  StorageTaskError,
  type Task,
  type WaitForTaskOptions,
} from './tasks.js';
export {
  type AccessTokenProvider,
  createTokenCache,
  type FetchedToken,
  type TokenCacheOptions,
  type TokenContext,
} from './token.js';
