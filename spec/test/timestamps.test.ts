// DingTalk's timestamps omit seconds (not RFC 3339); the Timestamp schema must accept both shapes seen.
import { describe, expect, it } from 'vitest';
import { createValidator, loadSpec } from './load-spec.js';

const validate = createValidator(loadSpec())({ $ref: '#/components/schemas/Timestamp' });

describe('Timestamp', () => {
  it.each([
    '2022-07-29T14:55Z',
    '2022-01-01T10:00:00Z',
    '2022-01-01T10:00:00.123Z',
    '2022-07-29T22:55+08:00',
  ])('accepts %s', (value) => {
    expect(validate(value)).toBe(true);
  });

  it.each(['2022-07-29', '14:55', '2022-07-29 14:55Z', '2022-07-29T14Z', 'yesterday', ''])(
    'rejects %j',
    (value) => {
      expect(validate(value)).toBe(false);
    },
  );
});
