// Public types of @dingtalk-storage/types: the generated OpenAPI maps, the schema aliases openapi-typescript
// generates (`Space`, `SpaceOption`, …), and per-operation helper types derived from `operations`, so an
// operation added to the spec gets its input and output types with no hand-written line.
// Everything here is a type; the package publishes no runtime JavaScript.
import type { operations } from './generated/openapi.js';

export type {
  CreateSpaceRequest,
  CreateSpaceResponse,
  components,
  ErrorResponse,
  GetSpaceResponse,
  OwnerType,
  PartitionQuota,
  PartitionType,
  paths,
  QuotaType,
  ResponseSpaceCapabilities,
  Space,
  SpaceCapabilities,
  SpaceOption,
  SpacePartition,
  SpaceStatus,
  StorageErrorCode,
  Timestamp,
} from './generated/openapi.js';
export type { SpecInfo } from './generated/spec-info.js';
export type { operations };

/** The operationId of every operation in the spec, e.g. `'createSpace' | 'getSpace'`. */
export type OperationId = keyof operations;

/** An object type with no properties: what an operation without path parameters, query or body adds. */
type NoFields = Record<never, never>;
/** A parameter group (`path`, `query`) as an object, NoFields where the operation has none (`?: never`). */
type Group<T> = [NonNullable<T>] extends [never] ? NoFields : NonNullable<T>;
type Flatten<T> = { [K in keyof T]: T[K] };

/** The JSON request body of an operation, NoFields when it takes none. */
type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer Body } } }
  ? [Body] extends [never]
    ? NoFields
    : Body
  : NoFields;

/** Path parameters of an operation, e.g. `{ spaceId: string }` for getSpace. */
export type OperationPathParams<K extends OperationId> = Group<operations[K]['parameters']['path']>;
/** Query parameters of an operation, e.g. `{ unionId: string }`. */
export type OperationQuery<K extends OperationId> = Group<operations[K]['parameters']['query']>;

/**
 * The one input object of an operation's client method: its path and query parameters and the top-level
 * properties of its JSON body, e.g. `{ unionId: string; option?: SpaceOption }` for createSpace.
 */
export type OperationInput<K extends OperationId> = Flatten<
  OperationPathParams<K> & OperationQuery<K> & JsonBody<operations[K]>
>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204;
/** The typed body of an operation's 2xx answer, e.g. `{ space: Space }`. */
export type OperationOutput<K extends OperationId> = {
  [S in SuccessStatus & keyof operations[K]['responses']]: operations[K]['responses'][S] extends {
    content: { 'application/json': infer Body };
  }
    ? Body
    : undefined;
}[SuccessStatus & keyof operations[K]['responses']];

/** Query parameters of `createSpace` (`unionId` is required). */
export type CreateSpaceQuery = OperationQuery<'createSpace'>;
