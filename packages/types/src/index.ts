// Public types of @dingtalk-storage/types: the generated OpenAPI maps plus friendly aliases.
// Everything here is a type; the package publishes no runtime JavaScript.
import type { components, operations, paths } from './generated/openapi.js';

export type { SpecInfo } from './generated/spec-info.js';
export type { components, operations, paths };

type Schemas = components['schemas'];

/** Request body of `POST /v1.0/storage/spaces`. */
export type CreateSpaceRequest = Schemas['CreateSpaceRequest'];
/** Optional parameters of the space to create (`option` in the request body). */
export type SpaceOption = Schemas['SpaceOption'];
/** Capability options sent when creating a space. */
export type SpaceCapabilities = Schemas['SpaceCapabilities'];
/** Capability options of a space as the server reports them. */
export type ResponseSpaceCapabilities = Schemas['ResponseSpaceCapabilities'];
/** Query parameters of `createSpace` (`unionId` is required). */
export type CreateSpaceQuery = operations['createSpace']['parameters']['query'];
/** Response body of a successful `createSpace` (HTTP 200). */
export type CreateSpaceResponse = Schemas['CreateSpaceResponse'];
/** A storage space. */
export type Space = Schemas['Space'];
/** One storage partition of a space (at most two per space). */
export type SpacePartition = Schemas['SpacePartition'];
/** The capacity information of a partition. */
export type PartitionQuota = Schemas['PartitionQuota'];
/** The error body DingTalk returns with every non-2xx status. */
export type ErrorResponse = Schemas['ErrorResponse'];
/** A time string as DingTalk sends it, e.g. `2022-07-29T14:55Z`. */
export type Timestamp = Schemas['Timestamp'];

/** `'USER' | 'APP'` */
export type OwnerType = Schemas['OwnerType'];
/** `'NORMAL' | 'DELETE'` */
export type SpaceStatus = Schemas['SpaceStatus'];
/** `'PUBLIC_OSS_PARTITION' | 'MINI_OSS_PARTITION'` */
export type PartitionType = Schemas['PartitionType'];
/** `'SHARE' | 'PRIVATE'` */
export type QuotaType = Schemas['QuotaType'];
/** Every error code documented for this API; servers may send others (see `ErrorResponse.code`). */
export type StorageErrorCode = Schemas['StorageErrorCode'];
