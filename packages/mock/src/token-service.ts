// The stateful fake's token service, DingTalk's getAccessToken as far as its documents go: the configured
// apps sign in with their secret and get a token that lives `lifetimeSeconds`. Where the documents are
// silent, this project chooses (the README says so): how many tokens are kept, and that repeated wrong
// secrets are answered as DingTalk's rate limit. Memory stays bounded: expired tokens are pruned at each
// sign-in and at most MAX_LIVE_TOKENS live at once. Secrets are compared in constant time. The clock is
// injectable, so tests step time instead of waiting for it.
import { sameSecret } from './secret.js';

/** An app the fake's token endpoint signs in. */
export interface MockApp {
  appKey: string;
  appSecret: string;
}

/** DingTalk's token lifetime (`expireIn`), in seconds. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 7_200;
/** The longest `tokenLifetimeSeconds` (`--token-lifetime`) taken: a year, longer than any test run. */
export const MAX_TOKEN_LIFETIME_SECONDS = 31_536_000;
/** The most live tokens kept; a sign-in beyond it forgets the oldest (its holder signs in again). */
export const MAX_LIVE_TOKENS = 10_000;
/**
 * Wrong secrets for one appKey within SIGN_IN_FAILURE_WINDOW_MS after which every sign-in of that appKey is
 * answered 403 `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi` until the oldest of them leaves the window
 * (this project's assumption: DingTalk documents no such number).
 */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_FAILURE_WINDOW_MS = 60_000;

export type SignInResult =
  | { accessToken: string; expireIn: number }
  | { refused: 'wrong credentials' | 'rate limited' };

/** What a token is to the service: one it issued that still lives, one that has expired, or neither. */
export type TokenState = 'live' | 'expired' | 'unknown';

export interface TokenService {
  /** Whether tokens are checked at all: with no apps configured, any credentials and any token pass. */
  readonly checksTokens: boolean;
  /** How many tokens it holds (live, or expired and not yet pruned). */
  readonly size: number;
  signIn(appKey: string, appSecret: string): Promise<SignInResult>;
  check(token: string): TokenState;
  /** Every token issued so far expires now; returns how many were live. */
  expireAll(): number;
  /** Forgets every token and every counted failure. */
  reset(): void;
}

export interface TokenServiceOptions {
  apps?: MockApp[];
  lifetimeSeconds?: number;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

export function createTokenService({
  apps = [],
  lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
  now = Date.now,
}: TokenServiceOptions = {}): TokenService {
  if (
    !Array.isArray(apps) ||
    !apps.every((a) => typeof a?.appKey === 'string' && typeof a?.appSecret === 'string')
  ) {
    throw new TypeError('Invalid `apps`: expected an array of { appKey, appSecret } strings.');
  }
  checkTokenLifetime(lifetimeSeconds);
  /** Issued tokens and when they expire (ms since the epoch), oldest first. */
  const tokens = new Map<string, number>();
  /** When the recent wrong secrets arrived (at most SIGN_IN_FAILURE_LIMIT), by configured appKey; '' for any other. */
  const failures = new Map<string, number[]>();

  const prune = (at: number) => {
    for (const [token, expiresAt] of tokens) if (expiresAt <= at) tokens.delete(token);
    while (tokens.size >= MAX_LIVE_TOKENS) tokens.delete(tokens.keys().next().value as string);
  };
  /** The wrong secrets of this bucket still inside the window. */
  const recentFailures = (bucket: string, at: number) => {
    const recent = (failures.get(bucket) ?? []).filter((time) => time > at - SIGN_IN_FAILURE_WINDOW_MS);
    failures.set(bucket, recent);
    return recent;
  };

  return {
    checksTokens: apps.length > 0,
    get size() {
      return tokens.size;
    },
    async signIn(appKey, appSecret) {
      const at = now();
      if (apps.length) {
        const app = apps.find((candidate) => candidate.appKey === appKey);
        const bucket = app ? appKey : '';
        const recent = recentFailures(bucket, at);
        // Refused unchecked: a limited caller learns nothing about the secret it sent.
        if (recent.length >= SIGN_IN_FAILURE_LIMIT) return { refused: 'rate limited' };
        if (!app || !(await sameSecret(appSecret, app.appSecret))) {
          recent.push(at);
          return { refused: 'wrong credentials' };
        }
        failures.delete(bucket);
      }
      prune(at);
      const accessToken = randomHex(16);
      tokens.set(accessToken, at + lifetimeSeconds * 1_000);
      return { accessToken, expireIn: lifetimeSeconds };
    },
    check(token) {
      const expiresAt = tokens.get(token);
      if (expiresAt === undefined) return 'unknown';
      return now() < expiresAt ? 'live' : 'expired';
    },
    expireAll() {
      const at = now();
      let live = 0;
      for (const [token, expiresAt] of tokens) {
        if (expiresAt > at) live++;
        tokens.set(token, 0);
      }
      return live;
    },
    reset() {
      tokens.clear();
      failures.clear();
    },
  };
}

/** Throws a TypeError naming `tokenLifetimeSeconds` unless it is a whole number of seconds in range. */
export function checkTokenLifetime(seconds: unknown): void {
  if (
    !(
      Number.isInteger(seconds) &&
      (seconds as number) >= 1 &&
      (seconds as number) <= MAX_TOKEN_LIFETIME_SECONDS
    )
  ) {
    throw new TypeError(
      `Invalid \`tokenLifetimeSeconds\`: expected an integer from 1 to ${MAX_TOKEN_LIFETIME_SECONDS} (a year), received ${typeof seconds === 'bigint' ? seconds : JSON.stringify(seconds)}.`,
    );
  }
}

/** `bytes` random bytes as hex (Web Crypto: the fake also runs in a browser under MSW). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
