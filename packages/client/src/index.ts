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
export {
  type CallOptions,
  type CreateSpaceInput,
  createStorageClient,
  type StorageClient,
  type StorageOperations,
} from './client.js';
export { DINGTALK_CN_BASE_URL, DINGTALK_INTL_BASE_URL } from './constants.js';
export {
  type ClientErrorCode,
  StorageApiError,
  type StorageApiErrorCode,
  type StorageApiErrorFields,
  StorageError,
  StorageNetworkError,
  StorageTimeoutError,
  StorageValidationError,
} from './errors.js';
export type { StorageClientOptions } from './options.js';
export type { RetryEvent, RetryOptions } from './retry.js';
export {
  type AccessTokenProvider,
  createTokenCache,
  type FetchedToken,
  type TokenCacheOptions,
  type TokenContext,
} from './token.js';
