// parseExactJson reads integers beyond 2^53 as BigInts in one linear pass, leaves everything else to
// JSON.parse, and refuses nesting deeper than MAX_JSON_DEPTH before parsing anything.
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseExactJson, stringifyExactJson } from '../src/exact-json.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseExactJson', () => {
  it.each([
    ['an unsafe integer', '{"quota":9007199254740993}', { quota: 9007199254740993n }],
    ['int64 max and min', '[9223372036854775807,-9223372036854775808]', [2n ** 63n - 1n, -(2n ** 63n)]],
    ['a safe integer of 16 digits', '[1000000000000000]', [1000000000000000]],
    [
      'digits inside a string',
      '{"a":"12345678901234567890","b":"\\"12345678901234567890"}',
      {
        a: '12345678901234567890',
        b: '"12345678901234567890',
      },
    ],
    ['a long fraction', '[1.99999999999999999999]', [2]],
    ['a long exponent', '[1e12345678901234567890]', [Number.POSITIVE_INFINITY]],
    ['a long integer with a fraction', '[12345678901234567890.5]', [Number('12345678901234567890.5')]],
  ])('%s', (_, text, expected) => {
    expect(parseExactJson(text)).toEqual(expected);
  });

  it('writes BigInts back digit for digit', () => {
    const text = '{"quota":9223372036854775807,"name":"x"}';
    expect(stringifyExactJson(parseExactJson(text))).toBe(text);
  });

  it.each([
    ['a leading zero', '[01234567890123456789]'],
    ['an unterminated string', `"${'\\"'.repeat(100)}`],
    ['a run of digits followed by a dot', `[${'1'.repeat(100)}.]`],
  ])('refuses invalid JSON: %s', (_, text) => {
    expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });

  it('a client-written mark stays a string the schema refuses', () => {
    expect(parseExactJson('["\\u0000int:12345678901234567890"]')).toEqual(['\u0000int:12345678901234567890']);
  });

  it(`accepts MAX_JSON_DEPTH (${MAX_JSON_DEPTH}) levels and refuses one more, naming the limit`, () => {
    expect(() => parseExactJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseExactJson(nested(MAX_JSON_DEPTH + 1))).toThrow(
      new RangeError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`),
    );
    // Brackets inside strings do not count.
    expect(parseExactJson(`["${'['.repeat(MAX_JSON_DEPTH + 1)}"]`)).toEqual(['['.repeat(MAX_JSON_DEPTH + 1)]);
  });
});
