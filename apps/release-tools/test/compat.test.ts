// One spec pair per rule: the current spec, and a copy changed in exactly one way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyChanges } from '../src/compat.mjs';

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped YAML.
type Spec = any;
const base: Spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'));
const op = (spec: Spec) => spec.paths['/v1.0/storage/spaces'].post;
const schemas = (spec: Spec) => spec.components.schemas;
const OP = 'POST /v1.0/storage/spaces';
const GET_PATH = '/v1.0/storage/spaces/{spaceId}';
const getOp = (spec: Spec) => spec.paths[GET_PATH].get;

const cases: [string, (spec: Spec) => void, { rule: string; path: string; breaking: boolean }][] = [
  // Breaking
  [
    'a new required query parameter',
    (s) => op(s).parameters.push({ name: 'corpId', in: 'query', required: true, schema: { type: 'string' } }),
    { rule: 'added required input', path: `${OP} query corpId`, breaking: true },
  ],
  [
    'a removed operation',
    (s) => delete s.paths[GET_PATH],
    { rule: 'removed operation', path: `GET ${GET_PATH}`, breaking: true },
  ],
  [
    'a new required query parameter on the second operation',
    (s) =>
      getOp(s).parameters.push({ name: 'corpId', in: 'query', required: true, schema: { type: 'string' } }),
    { rule: 'added required input', path: `GET ${GET_PATH} query corpId`, breaking: true },
  ],
  [
    'a narrowed path parameter bound',
    (s) => {
      getOp(s).parameters[0].schema.maxLength = 8;
    },
    { rule: 'narrowed request constraint', path: `GET ${GET_PATH} path spaceId`, breaking: true },
  ],
  [
    'a removed response of a shared component (both operations lose it)',
    (s) => {
      delete op(s).responses['503'];
    },
    { rule: 'removed response', path: `${OP} 503`, breaking: true },
  ],
  [
    'an option field made required',
    (s) => {
      schemas(s).SpaceOption.required = ['name'];
    },
    { rule: 'added required input', path: `${OP} request.option.name`, breaking: true },
  ],
  [
    'a removed request field',
    (s) => delete schemas(s).SpaceOption.properties.sceneId,
    { rule: 'removed field', path: `${OP} request.option.sceneId`, breaking: true },
  ],
  [
    'a removed response field',
    (s) => delete schemas(s).Space.properties.corpId,
    { rule: 'removed field', path: `${OP} 200.space.corpId`, breaking: true },
  ],
  [
    'a retyped response field',
    (s) => {
      schemas(s).Space.properties.usedQuota = { type: 'string', description: 'Bytes, as a string.' };
    },
    { rule: 'retyped field', path: `${OP} 200.space.usedQuota`, breaking: true },
  ],
  [
    'a retyped request field (int64 to int32)',
    (s) => {
      schemas(s).SpaceOption.properties.quota.format = 'int32';
    },
    { rule: 'retyped field', path: `${OP} request.option.quota`, breaking: true },
  ],
  [
    'a narrowed request enum',
    (s) => {
      schemas(s).OwnerType.enum = ['USER'];
    },
    { rule: 'narrowed request enum', path: `${OP} request.option.ownerType`, breaking: true },
  ],
  [
    'a removed response',
    (s) => delete op(s).responses['503'],
    { rule: 'removed response', path: `${OP} 503`, breaking: true },
  ],
  [
    'a widened response enum',
    (s) => {
      schemas(s).SpaceStatus.enum = ['NORMAL', 'DELETE', 'ARCHIVED'];
    },
    { rule: 'widened response enum', path: `${OP} 200.space.status`, breaking: true },
  ],
  [
    'a tighter request bound',
    (s) => {
      schemas(s).SpaceOption.properties.name.maxLength = 64;
    },
    { rule: 'narrowed request constraint', path: `${OP} request.option.name`, breaking: true },
  ],
  [
    'a response field no longer required',
    (s) => {
      schemas(s).CreateSpaceResponse.required = [];
    },
    { rule: 'response field no longer required', path: `${OP} 200.space`, breaking: true },
  ],
  [
    "a map's values retyped (the values of a dentry's app-property map)",
    (s) => {
      schemas(s).AppProperty.properties.value.type = 'integer';
    },
    {
      rule: 'retyped field',
      path: 'POST /v1.0/storage/spaces/{spaceId}/dentries/{dentryId}/query 200.dentry.appProperties.*[].value',
      breaking: true,
    },
  ],
  // Not breaking
  [
    'an added optional option field',
    (s) => {
      schemas(s).SpaceOption.properties.region = { type: 'string', description: 'Where to store.' };
    },
    { rule: 'added optional input', path: `${OP} request.option.region`, breaking: false },
  ],
  [
    'an added optional query parameter',
    (s) => op(s).parameters.push({ name: 'lang', in: 'query', schema: { type: 'string' } }),
    { rule: 'added optional input', path: `${OP} query lang`, breaking: false },
  ],
  [
    'an added response field',
    (s) => {
      schemas(s).Space.properties.region = { type: 'string', description: 'Where it is stored.' };
    },
    { rule: 'added response field', path: `${OP} 200.space.region`, breaking: false },
  ],
  [
    'a widened request bound',
    (s) => {
      schemas(s).SpaceOption.properties.name.maxLength = 1024;
    },
    { rule: 'widened request constraint', path: `${OP} request.option.name`, breaking: false },
  ],
  [
    'an added operation',
    (s) => {
      s.paths['/v1.0/storage/spaces/{spaceId}/usage'] = {
        get: { ...getOp(s), operationId: 'getSpaceUsage' },
      };
    },
    { rule: 'added operation', path: 'GET /v1.0/storage/spaces/{spaceId}/usage', breaking: false },
  ],
  [
    'a response field made required (clients only get more than they were promised)',
    (s) => {
      schemas(s).Space.required = [...(schemas(s).Space.required ?? []), 'corpId'];
    },
    { rule: 'response field made required', path: `${OP} 200.space.corpId`, breaking: false },
  ],
  [
    'an added response status',
    (s) => {
      op(s).responses['429'] = op(s).responses['503'];
    },
    { rule: 'added response', path: `${OP} 429`, breaking: false },
  ],
];

describe('classifyChanges', () => {
  it('finds nothing between a spec and itself', () => {
    expect(classifyChanges(base, structuredClone(base))).toEqual([]);
  });

  it('ignores description and example edits', () => {
    const head = structuredClone(base);
    op(head).description = 'Rewritten.';
    op(head).responses['200'].content['application/json'].examples.appSpace.value.space.name = 'Other';
    expect(classifyChanges(base, head)).toEqual([]);
  });

  it.each(cases)('%s', (_, mutate, expected) => {
    const head = structuredClone(base);
    mutate(head);
    expect(classifyChanges(base, head)).toContainEqual(expected);
    expect(classifyChanges(base, head).some((c) => c.breaking)).toBe(expected.breaking);
  });
});
