// The validator reads each path and query parameter by its schema before checking it, strictly: what the
// official SDK sends (`maxResults=30`, `withThumbnail=true`, `dentryIdList=["a"]`) is valid, and a text
// that is not exactly an integer, a boolean or JSON is refused naming the parameter and what it must be.
import { createSpecValidator, MAX_JSON_DEPTH } from '@dingtalk-storage/mock';
import { describe, expect, it } from 'vitest';
import { typedParametersSpec } from './typed-parameters-spec.js';

const validator = createSpecValidator(typedParametersSpec);
const PATH = { thingId: 't-1', version: '3' };
const REQUIRED = { unionId: 'u-1' };

const decode = (query: Record<string, string | string[]>, path: Record<string, string> = PATH) =>
  validator.decodeParameters('listThings', { path, query: { ...REQUIRED, ...query } });
const problems = (values: Record<string, string | string[]>) =>
  validator.parameters('listThings', { ...PATH, ...REQUIRED, ...values });

describe('path and query parameters decoded by their schemas', () => {
  it.each([
    ['integer', { maxResults: '30' }, { maxResults: 30 }],
    ['integer at its bound', { maxResults: '50' }, { maxResults: 50 }],
    ['number', { ratio: '0.25' }, { ratio: 0.25 }],
    ['number with an exponent', { ratio: '-1.5e3' }, { ratio: -1500 }],
    ['boolean true', { withThumbnail: 'true' }, { withThumbnail: true }],
    ['boolean false', { withThumbnail: 'false' }, { withThumbnail: false }],
    ['enum by $ref', { order: 'DESC' }, { order: 'DESC' }],
    ['JSON text', { dentryIdList: '["a","b \\"c\\""]' }, { dentryIdList: ['a', 'b "c"'] }],
    ['exploded array, repeated', { tags: ['x', 'y'] }, { tags: ['x', 'y'] }],
    ['exploded array, once', { tags: 'x' }, { tags: ['x'] }],
    ['comma-separated array of integers', { sizes: '1,0,2' }, { sizes: [1, 0, 2] }],
    ['comma-separated array, empty', { sizes: '' }, { sizes: [] }],
    ['string that looks like a number', { unionId: '01' }, { unionId: '01' }],
  ])('%s: valid, decoded', (_, query, expected) => {
    expect(problems(query)).toEqual([]);
    const decoded = decode(query);
    expect(decoded.problems).toEqual([]);
    expect(decoded.query).toEqual({ ...REQUIRED, ...expected });
  });

  it('path parameters: an integer is decoded, a string kept as it is', () => {
    expect(decode({}, { thingId: '007', version: '12' })).toMatchObject({
      path: { thingId: '007', version: 12 },
      problems: [],
    });
  });

  it('an int64 beyond 2^53 is decoded exactly, as a BigInt', () => {
    expect(decode({}, { thingId: 't', version: '9007199254740993' })).toMatchObject({
      path: { version: 9007199254740993n },
      problems: [],
    });
  });

  const INTEGER = 'must be an integer, in decimal digits';
  // Texts that are not the parameter's kind of value at all: refused, and absent from the decoded values.
  it.each([
    ['maxResults', '1e3', INTEGER],
    ['maxResults', '01', INTEGER],
    ['maxResults', '+1', INTEGER],
    ['maxResults', '1.0', INTEGER],
    ['maxResults', ' 1', INTEGER],
    ['maxResults', '0x10', INTEGER],
    ['maxResults', '', INTEGER],
    ['maxResults', ['1', '2'], 'must be given once'],
    ['ratio', '.5', 'must be a finite number'],
    ['ratio', 'NaN', 'must be a finite number'],
    ['ratio', '1e999', 'must be a finite number'],
    ['withThumbnail', 'TRUE', 'must be true or false'],
    ['withThumbnail', 'true1', 'must be true or false'],
    ['withThumbnail', '1', 'must be true or false'],
    ['withThumbnail', '', 'must be true or false'],
    ['dentryIdList', '[', 'must be JSON text'],
    ['dentryIdList', 'a,b', 'must be JSON text'],
    ['dentryIdList', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`, 'MAX_JSON_DEPTH'],
    ['dentryIdList', ['["a"]', '["b"]'], 'must be given once'],
    ['sizes', ['1', '2'], 'must be given once'],
    ['unionId', ['u-1', 'u-2'], 'must be given once'],
  ])('%s=%j: not decodable, refused naming it (%s)', (name, text, expected) => {
    expect(problems({ [name]: text })).toEqual([{ path: name, message: expect.stringContaining(expected) }]);
    expect(decode({ [name]: text }).query).not.toHaveProperty(name);
  });

  // Decoded, then outside what the schema allows.
  it.each([
    ['maxResults', '0', 'must be >= 1'],
    ['maxResults', '51', 'must be <= 50'],
    ['maxResults', '2147483648', 'must match format "int32"'],
    ['order', 'desc', 'must be one of ASC, DESC'],
    ['dentryIdList', '"a"', 'must be array'],
    ['dentryIdList', '[]', 'must NOT have fewer than 1 items'],
    ['dentryIdList', '["a",""]', 'must NOT have fewer than 1 characters'],
    ['sizes', '1,2,3,4', 'must NOT have more than 3 items'],
  ])('%s=%j: decoded, refused by its schema (%s)', (name, text, expected) => {
    const found = problems({ [name]: text });
    expect(found.map((p) => p.message)).toContain(expected);
    for (const problem of found) expect(problem.path.split('.')[0]).toBe(name);
  });

  it('an item of a comma-separated array is named by its index', () => {
    expect(problems({ sizes: '1,x' })).toEqual([
      { path: 'sizes.1', message: expect.stringContaining(INTEGER) },
    ]);
  });

  it('an int64 path parameter beyond 2^63 − 1 is refused, exactly', () => {
    expect(problems({ version: '9223372036854775808' })).toEqual([
      { path: 'version', message: expect.stringContaining('64-bit integer') },
    ]);
    expect(problems({ version: '9223372036854775807' })).toEqual([]);
  });

  it('a missing required parameter is named; an unknown one is left out', () => {
    const decoded = validator.decodeParameters('listThings', { path: PATH, query: { other: '1' } });
    expect(decoded.problems).toEqual([{ path: 'unionId', message: 'is required' }]);
    expect(decoded.query).toEqual({});
  });
});
