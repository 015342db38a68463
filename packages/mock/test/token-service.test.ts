// The stateful fake's token service keeps its memory bounded (expired tokens pruned, at most MAX_LIVE_TOKENS
// live) and answers repeated wrong secrets as DingTalk's rate limit. A stepped clock stands in for time, so
// nothing here waits for or races the wall clock.
import {
  MAX_LIVE_TOKENS,
  MAX_TOKEN_LIFETIME_SECONDS,
  SIGN_IN_FAILURE_LIMIT,
  SIGN_IN_FAILURE_WINDOW_MS,
  startMockServer,
} from '@dingtalk-storage/mock';
import { describe, expect, it } from 'vitest';
import { createControl } from '../src/control.js';
import { createFrontDoor } from '../src/front-door.js';
import { sameSecret } from '../src/secret.js';
import { createStatefulFake } from '../src/stateful.js';
import { createTokenService } from '../src/token-service.js';

const app = { appKey: 'app-1', appSecret: 'secret-1-abcdefghijklmnop' };

/** A clock that moves only when told. */
function steppedClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('memory', () => {
  it('prunes expired tokens at the next sign-in', async () => {
    const clock = steppedClock();
    const tokens = createTokenService({ apps: [app], lifetimeSeconds: 60, now: clock.now });
    const first = await tokens.signIn(app.appKey, app.appSecret);
    if (!('accessToken' in first)) throw new Error('not signed in');
    clock.advance(60_000);
    expect(tokens.check(first.accessToken)).toBe('expired');
    await tokens.signIn(app.appKey, app.appSecret);
    expect(tokens.size).toBe(1);
    expect(tokens.check(first.accessToken)).toBe('unknown');
  });

  it('keeps at most MAX_LIVE_TOKENS live tokens, forgetting the oldest', async () => {
    const tokens = createTokenService({ now: steppedClock().now });
    const issued: string[] = [];
    for (let i = 0; i <= MAX_LIVE_TOKENS; i++) {
      const result = await tokens.signIn('any', 'any');
      if ('accessToken' in result) issued.push(result.accessToken);
    }
    expect(tokens.size).toBe(MAX_LIVE_TOKENS);
    expect(tokens.check(issued[0] ?? '')).toBe('unknown');
    expect(tokens.check(issued.at(-1) ?? '')).toBe('live');
  });

  it('expireAll says how many were live', async () => {
    const tokens = createTokenService({ now: steppedClock().now });
    await tokens.signIn('a', 'b');
    await tokens.signIn('a', 'b');
    expect(tokens.expireAll()).toBe(2);
    expect(tokens.expireAll()).toBe(0);
  });
});

describe('wrong secrets, as DingTalk rate-limits them', () => {
  /** The fake behind its front door, signing in through the real request path, with a stepped clock. */
  function fakeDingTalk() {
    const clock = steppedClock();
    const fake = createStatefulFake({ apps: [app] }, { now: clock.now });
    const frontDoor = createFrontDoor(fake.answer, createControl(fake.reset));
    const signIn = async (appSecret: string, appKey = app.appKey) => {
      const answer = await frontDoor({
        method: 'POST',
        target: '/v1.0/oauth2/accessToken',
        headers: { 'content-type': 'application/json' },
        body: new TextEncoder().encode(JSON.stringify({ appKey, appSecret })),
      });
      return { status: answer.status, body: JSON.parse(answer.body ?? '{}') };
    };
    return { clock, signIn };
  }

  it(`refuses every sign-in of the appKey with 403 after ${SIGN_IN_FAILURE_LIMIT} wrong secrets, until they leave the window`, async () => {
    const { clock, signIn } = fakeDingTalk();
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT; i++) {
      expect((await signIn(`wrong-${i}`)).body.code).toBe('invalidClientSecret');
      clock.advance(1);
    }
    const limited = await signIn(app.appSecret);
    expect(limited.status).toBe(403);
    expect(limited.body.code).toBe('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    expect(JSON.stringify(limited.body)).not.toContain(app.appSecret);
    // Another app's sign-ins are not limited by this one's failures.
    expect((await signIn('x', 'unknown-app')).body.code).toBe('invalidClientSecret');
    // Until the oldest failure leaves the window; then one more try is let through.
    clock.advance(SIGN_IN_FAILURE_WINDOW_MS - SIGN_IN_FAILURE_LIMIT - 1);
    expect((await signIn(app.appSecret)).status).toBe(403);
    clock.advance(1);
    expect((await signIn(app.appSecret)).status).toBe(200);
  });

  it('a right secret clears the count', async () => {
    const { clock, signIn } = fakeDingTalk();
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT - 1; i++) await signIn('wrong');
    expect((await signIn(app.appSecret)).status).toBe(200);
    clock.advance(1);
    expect((await signIn('wrong')).body.code).toBe('invalidClientSecret');
    expect((await signIn(app.appSecret)).status).toBe(200);
  });
});

describe('secrets', () => {
  it.each([
    ['the same', 'secret-1-abcdefghijklmnop', true],
    ['one character off at the end', 'secret-1-abcdefghijklmnoq', false],
    ['a prefix', 'secret-1-abcdef', false],
    ['longer', 'secret-1-abcdefghijklmnopq', false],
    ['empty', '', false],
  ])('sameSecret: %s', async (_, given, same) => {
    expect(await sameSecret(given, app.appSecret)).toBe(same);
  });
});

describe('tokenLifetimeSeconds', () => {
  it.each([0, MAX_TOKEN_LIFETIME_SECONDS + 1, 1e20, 1.5, '60'])(
    'refuses %j, naming the option and its range',
    async (seconds) => {
      await expect(
        startMockServer({ port: 0, mode: 'stateful', tokenLifetimeSeconds: seconds as number }),
      ).rejects.toThrow(
        `Invalid \`tokenLifetimeSeconds\`: expected an integer from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`,
      );
    },
  );
});
