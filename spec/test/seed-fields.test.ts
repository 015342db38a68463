// Every field of DingTalk's API document (shared/seed/create-storage-space.txt) is in the spec with the
// document's type, format, enum and default. One row per seed field.
import { describe, expect, it } from 'vitest';
import { specOperation, specOperations } from '../src/operations.mjs';
import { type Json, loadSpec, rawOperation } from './load-spec.js';

const spec = loadSpec();
const op = specOperation(spec, 'createSpace');

const deref = (schema: Json): Json =>
  schema?.$ref ? deref(spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;

// Walks `a.b[].c` through properties and array items, following $refs.
function schemaAt(root: Json, path: string): Json {
  let schema = deref(root);
  for (const step of path.split('.')) {
    const name = step.replace('[]', '');
    schema = deref(schema?.properties?.[name]);
    if (step.endsWith('[]')) schema = deref(schema?.items);
  }
  return schema;
}

const requestBody = op.requestBody?.schema;
const responseBody = op.responses.get(200)?.schema;
const long = { type: 'integer', format: 'int64' };
const str = { type: 'string' };
const bool = { type: 'boolean' };
const obj = { type: 'object' };

// [field path, expected schema keywords]
const requestFields: [string, Json][] = [
  ['option', obj],
  ['option.name', str],
  ['option.quota', long],
  ['option.capabilities', obj],
  ['option.capabilities.canSearch', { ...bool, default: false }],
  ['option.capabilities.canRename', { ...bool, default: false }],
  ['option.capabilities.canRecordRecentFile', { ...bool, default: false }],
  ['option.scene', { ...str, default: 'default' }],
  ['option.sceneId', { ...str, default: '0' }],
  ['option.ownerType', { ...str, enum: ['USER', 'APP'], default: 'USER' }],
];

const responseFields: [string, Json][] = [
  ['space', obj],
  ['space.id', str],
  ['space.corpId', str],
  ['space.creatorId', str],
  ['space.ownerType', { ...str, enum: ['USER', 'APP'] }],
  ['space.ownerId', str],
  ['space.modifierId', str],
  ['space.usedQuota', long],
  ['space.quota', long],
  ['space.status', { ...str, enum: ['NORMAL', 'DELETE'] }],
  ['space.createTime', str],
  ['space.modifiedTime', str],
  ['space.appId', str],
  ['space.scene', str],
  ['space.sceneId', str],
  ['space.capabilities', obj],
  ['space.capabilities.canSearch', bool],
  ['space.capabilities.canRename', bool],
  ['space.capabilities.canRecordRecentFile', bool],
  ['space.name', str],
  ['space.partitions', { type: 'array', maxItems: 2 }],
  ['space.partitions[].partitionType', { ...str, enum: ['PUBLIC_OSS_PARTITION', 'MINI_OSS_PARTITION'] }],
  ['space.partitions[].quota', obj],
  ['space.partitions[].quota.used', { ...long, minimum: 0 }],
  ['space.partitions[].quota.max', long],
  ['space.partitions[].quota.reserved', long],
  ['space.partitions[].quota.type', { ...str, enum: ['SHARE', 'PRIVATE'] }],
];

describe('seed fields', () => {
  it.each(requestFields)('request body %s', (path, expected) => {
    const schema = schemaAt(requestBody, path);
    expect(schema).toMatchObject(expected);
    expect(schema.description).toEqual(expect.any(String));
  });

  it.each(responseFields)('response body %s', (path, expected) => {
    const schema = schemaAt(responseBody, path);
    expect(schema).toMatchObject(expected);
    expect(schema.description).toEqual(expect.any(String));
  });

  it('request objects reject unknown fields; response objects accept them', () => {
    for (const [path] of requestFields.filter(([, e]) => e === obj)) {
      expect(schemaAt(requestBody, path).additionalProperties, path).toBe(false);
    }
    for (const [path] of responseFields.filter(([, e]) => e === obj)) {
      expect(schemaAt(responseBody, path).additionalProperties, path).toBe(true);
    }
  });

  it('the query parameter unionId is a required string', () => {
    expect(op.parameters).toEqual([
      expect.objectContaining({
        name: 'unionId',
        in: 'query',
        required: true,
        schema: expect.objectContaining(str),
      }),
    ]);
  });

  it('the access token travels in the x-acs-dingtalk-access-token header', () => {
    expect(spec.security).toEqual([{ dingtalkAccessToken: [] }]);
    expect(spec.components.securitySchemes.dingtalkAccessToken).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-acs-dingtalk-access-token',
    });
  });

  it('lists the international server first and the mainland one second, without paths', () => {
    expect(spec.servers.map((s: Json) => s.url)).toEqual([
      'https://api.dingtalk.io',
      'https://api.dingtalk.com',
    ]);
  });

  it('records the required permission and supported app types', () => {
    expect(rawOperation(spec, op)['x-required-permissions']).toEqual(['Storage.Space.Write']);
    expect(rawOperation(spec, op)['x-supported-app-types']).toEqual([
      'internal-app',
      'third-party-enterprise-app',
    ]);
  });
});

// [HTTP status, error code]: the seed's table, then the platform-wide codes DESIGN.md lists.
const errorCodes: [string, string][] = [
  ['400', 'paramError'],
  ['400', 'paramError.name'],
  ['400', 'paramError.scene'],
  ['400', 'paramError.sceneId'],
  ['403', 'permissionDenied'],
  ['500', 'systemError'],
  ['500', 'unknownError'],
  ['503', 'operationTimeout'],
  ['400', 'InvalidAuthentication'],
  ['403', 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'],
  ['403', 'Forbidden.AccessDenied.QpsLimitForApi'],
  ['403', 'Forbidden.AccessDenied.ApiCountLimitForOrg'],
];

describe('error codes', () => {
  it.each(errorCodes)('%s %s has a named example and is in StorageErrorCode', (status, code) => {
    const examples = op.responses.get(Number(status))?.examples ?? {};
    expect((examples[code]?.value as Json)?.code).toBe(code);
    expect(spec.components.schemas.StorageErrorCode.enum).toContain(code);
  });

  it('StorageErrorCode lists exactly the codes the operations document (named error examples)', () => {
    const documented = specOperations(spec).flatMap((o) =>
      [...o.responses].filter(([status]) => status >= 400).flatMap(([, r]) => Object.keys(r.examples)),
    );
    expect([...spec.components.schemas.StorageErrorCode.enum].sort()).toEqual(
      [...new Set(documented)].sort(),
    );
    expect(documented).toEqual(expect.arrayContaining(errorCodes.map(([, c]) => c)));
  });
});
