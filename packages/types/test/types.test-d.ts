// What users of @dingtalk-storage/types rely on, checked by tsc (vitest typecheck mode).
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreateSpaceQuery,
  CreateSpaceRequest,
  CreateSpaceResponse,
  ErrorResponse,
  GetSpaceResponse,
  OperationId,
  OperationInput,
  OperationOutput,
  OwnerType,
  PartitionQuota,
  paths,
  Space,
  SpaceOption,
  SpecInfo,
  StorageErrorCode,
} from '../src/index.js';

describe('request types', () => {
  it('requires unionId in the query', () => {
    expectTypeOf<CreateSpaceQuery>().toEqualTypeOf<{ unionId: string }>();
    // @ts-expect-error unionId is required
    const missing: CreateSpaceQuery = {};
    expectTypeOf(missing).not.toBeNever();
  });

  it('accepts only USER or APP as ownerType', () => {
    expectTypeOf<OwnerType>().toEqualTypeOf<'USER' | 'APP'>();
    expectTypeOf<SpaceOption['ownerType']>().toEqualTypeOf<'USER' | 'APP' | undefined>();
    // @ts-expect-error GROUP is not an owner type
    const wrong: SpaceOption = { ownerType: 'GROUP' };
    expectTypeOf(wrong).not.toBeNever();
  });

  it('rejects unknown request fields', () => {
    // @ts-expect-error nmae is not a field of option
    const typo: SpaceOption = { nmae: 'Contracts' };
    // @ts-expect-error canDelete is not a capability
    const capability: SpaceOption = { capabilities: { canDelete: true } };
    // @ts-expect-error only `option` is allowed at the top of the body
    const extra: CreateSpaceRequest = { option: {}, name: 'Contracts' };
    expectTypeOf([typo, capability, extra]).not.toBeNever();
  });

  it('makes every option field optional, with int64 numbers for quota', () => {
    expectTypeOf<Record<string, never>>().toExtend<SpaceOption>();
    expectTypeOf<SpaceOption['quota']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<paths['/v1.0/storage/spaces']['post']['requestBody']>().toEqualTypeOf<{
      content: { 'application/json': CreateSpaceRequest };
    }>();
  });
});

describe('response types', () => {
  it('gives each partition a nested quota', () => {
    type Partition = NonNullable<Space['partitions']>[number];
    expectTypeOf<Partition['quota']>().toEqualTypeOf<PartitionQuota | undefined>();
    expectTypeOf<PartitionQuota['type']>().toEqualTypeOf<'SHARE' | 'PRIVATE' | undefined>();
    expectTypeOf<PartitionQuota['max']>().toEqualTypeOf<number | undefined>();
  });

  it('keeps the status and owner type unions', () => {
    expectTypeOf<Space['status']>().toEqualTypeOf<'NORMAL' | 'DELETE' | undefined>();
    expectTypeOf<Space['ownerType']>().toEqualTypeOf<'USER' | 'APP' | undefined>();
  });

  it('types space.id as a string: DingTalk always returns the id of the space', () => {
    expectTypeOf<Space['id']>().toEqualTypeOf<string>();
    // @ts-expect-error id is required
    const withoutId: Space = { name: 'Contracts' };
    expectTypeOf(withoutId).not.toBeNever();
  });

  // Responses stay open at run time (the spec keeps `additionalProperties: true`), but the types carry no
  // index signature, so that a misspelt field is a type error instead of `unknown`.
  it('makes a misspelt response field a type error, at every level', (): void => {
    const answer = {} as CreateSpaceResponse;
    const { space } = answer;
    const partition = space.partitions?.[0];
    expectTypeOf([
      // @ts-expect-error spcae is not a field of the answer
      answer.spcae,
      // @ts-expect-error ownerTpye is not a field of Space
      space.ownerTpye,
      // @ts-expect-error canSerch is not a capability
      space.capabilities?.canSerch,
      // @ts-expect-error partitonType is not a field of a partition
      partition?.partitonType,
      // @ts-expect-error usedd is not a field of a partition quota
      partition?.quota?.usedd,
      // @ts-expect-error expiresIn is not a field of the token answer (expireIn is)
      {} as OperationOutput<'getAccessToken'>['expiresIn'],
      // @ts-expect-error requestId is not a field of the error body (requestid is)
      {} as ErrorResponse['requestId'],
    ]).not.toBeNever();
  });
});

describe('error codes', () => {
  it('lists every documented code in StorageErrorCode', () => {
    expectTypeOf<StorageErrorCode>().toEqualTypeOf<
      | 'paramError'
      | 'paramError.name'
      | 'paramError.scene'
      | 'paramError.sceneId'
      | 'permissionDenied'
      | 'systemError'
      | 'unknownError'
      | 'operationTimeout'
      | 'InvalidAuthentication'
      | 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'
      | 'Forbidden.AccessDenied.QpsLimitForApi'
      | 'Forbidden.AccessDenied.ApiCountLimitForOrg'
      | 'spaceNotFound'
      | 'invalidClientSecret'
      | 'dentryNotFound'
      | 'recycleBinNotFound'
      | 'recycleItemNotFound'
      | 'taskNotFound'
      | 'uploadKeyNotFound'
      | 'orgNotFound'
      | 'versionNotFound'
      | 'dentryAlreadyExists'
      | 'uploadSizeMismatch'
      | 'uploadNotFinished'
      | 'quotaExceeded'
      | 'dentryLimitExceeded'
      | 'DENTRY_UPLOAD_PROTOCOL_NOTSUPPORT'
    >();
  });

  it('keeps ErrorResponse.code open to codes added later', () => {
    expectTypeOf<'aNewCode'>().toExtend<ErrorResponse['code']>();
    expectTypeOf<ErrorResponse['message']>().toEqualTypeOf<string>();
  });
});

describe('SpecInfo', () => {
  it('records the spec version and a content hash', () => {
    expectTypeOf<SpecInfo['version']>().toEqualTypeOf<'1.4.0'>();
    expectTypeOf<SpecInfo['sha256']>().toExtend<string>();
    expectTypeOf<SpecInfo['sha256']>().not.toEqualTypeOf<string>();
  });
});

describe('per-operation helper types', () => {
  it('lists every operationId: sign-in and the 46 of the SDK, by the SDK names', () => {
    expectTypeOf<'getAccessToken' | 'createSpace' | 'getSpace'>().toExtend<OperationId>();
    expectTypeOf<'listDentries' | 'commitFile' | 'getTask' | 'batchQueryRoles'>().toExtend<OperationId>();
    // The SDK's own name for createSpace is not a second operation.
    expectTypeOf<'addSpace'>().not.toExtend<OperationId>();
  });

  it('gives each operation one input object: path and query parameters and the body properties', () => {
    expectTypeOf<OperationInput<'createSpace'>>().toEqualTypeOf<{ unionId: string; option?: SpaceOption }>();
    expectTypeOf<OperationInput<'getSpace'>>().toEqualTypeOf<{ spaceId: string; unionId: string }>();
    // @ts-expect-error spaceId is required
    const missing: OperationInput<'getSpace'> = { unionId: 'u' };
    expectTypeOf(missing).not.toBeNever();
  });

  it('gives each operation its 2xx body as output', () => {
    expectTypeOf<OperationOutput<'createSpace'>>().toEqualTypeOf<CreateSpaceResponse>();
    expectTypeOf<OperationOutput<'getSpace'>>().toEqualTypeOf<GetSpaceResponse>();
  });
});
