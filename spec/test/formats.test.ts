// The spec tests' ajv knows the integer formats the spec uses (strict ajv refuses an unknown format, so a
// schema with `format: int32` — a page size such as listDentries' maxResults — would not even compile).
import { describe, expect, it } from 'vitest';
import { createValidator, INT32_MAX, INT32_MIN, loadSpec } from './load-spec.js';

const validatorFor = createValidator(loadSpec());

describe('integer formats', () => {
  it('int32: a signed 32-bit integer', () => {
    const validate = validatorFor({ type: 'integer', format: 'int32' });
    expect([INT32_MIN, 0, INT32_MAX].map((n) => validate(n))).toEqual([true, true, true]);
    expect([INT32_MIN - 1, INT32_MAX + 1].map((n) => validate(n))).toEqual([false, false]);
  });

  it('int64: an integer beyond int32', () => {
    const validate = validatorFor({ type: 'integer', format: 'int64' });
    expect(validate(INT32_MAX + 1)).toBe(true);
    expect(validate(0.5)).toBe(false);
  });
});
