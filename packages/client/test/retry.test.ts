// The backoff arithmetic, with an injected random source.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryableResponse, parseRetryAfter, retryDelay } from '../src/retry.js';

describe('retryDelay (full jitter)', () => {
  it.each([
    // retry, random, expected: floor(random * (min(5000, 200 * 2^retry) + 1))
    [0, 0, 0],
    [0, 0.5, 100],
    [0, 0.9999, 200],
    [1, 0.9999, 400],
    [2, 0.5, 400],
    [4, 0.9999, 3200],
    [5, 0.9999, 5000],
    [10, 0.9999, 5000],
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(retryDelay(retry, DEFAULT_RETRY, {}, () => random)).toBe(expected);
  });

  it('uses Retry-After instead, capped at maxDelayMs', () => {
    expect(retryDelay(0, DEFAULT_RETRY, { retryAfterMs: 2_000 }, () => 0)).toBe(2_000);
    expect(retryDelay(0, DEFAULT_RETRY, { retryAfterMs: 60_000 }, () => 0)).toBe(5_000);
  });

  it('waits at least one second when rate limited', () => {
    expect(retryDelay(0, DEFAULT_RETRY, { rateLimited: true }, () => 0)).toBe(1_000);
    expect(retryDelay(5, DEFAULT_RETRY, { rateLimited: true }, () => 0.9999)).toBe(5_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it.each([
    ['3', 3_000],
    [' 0 ', 0],
    ['Thu, 26 Nov 2026 12:00:05 GMT', 5_000],
    ['Thu, 26 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    [null, undefined],
  ])('%j → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('isRetryableResponse', () => {
  it.each([
    [429, undefined, true],
    [500, 'systemError', true],
    [502, undefined, true],
    [503, 'operationTimeout', true],
    [504, undefined, true],
    [403, 'Forbidden.AccessDenied.QpsLimitForApi', true],
    [403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', true],
    [403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', false],
    [403, 'permissionDenied', false],
    [400, 'paramError', false],
    [400, 'InvalidAuthentication', false],
    [404, undefined, false],
    [501, undefined, false],
  ])('%i %s → %s', (status, code, expected) => {
    expect(isRetryableResponse(status, code)).toBe(expected);
  });
});
