// The URLs and headers the drive hands out for the bytes (DingTalk's HEADER_SIGNATURE protocol), and their
// check at the byte origin, refused the way OSS refuses. The signature is an HMAC-SHA-256 over the method, the
// path and the two dated headers, so a changed header, method or path, or a later expiry, fails it.
// Web Crypto, not node:crypto: the same code runs in a browser under MSW.
import { invalid } from '../faults.js';
import { sameSecret } from '../secret.js';
import type { HeaderSignature, ObjectKey, OssRefusal } from './bytes.js';

/** The one bucket of the byte origin: every object's path starts `/dingtalk-storage-emulator/`. */
export const BUCKET = 'dingtalk-storage-emulator';
/** `expirationSeconds` of the URLs: DingTalk's example's, unless `signedUrlLifetimeSeconds` says otherwise. */
export const DEFAULT_SIGNED_URL_LIFETIME_SECONDS = 900;
/** The longest lifetime a signed URL may have (a day). */
export const MAX_SIGNED_URL_LIFETIME_SECONDS = 86_400;
/** The `region` of every signature: DingTalk's storage region in its examples. */
export const REGION = 'ZHANGJIAKOU';

const AUTHORIZATION_PREFIX = `OSS ${BUCKET}:`;
const utf8 = new TextEncoder();

export interface SignerOptions {
  /** The HMAC key; a restarted emulator that keeps it keeps honouring the URLs it handed out. */
  secret: string;
  /** The byte origin's base URL, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** `expirationSeconds`, 1..MAX_SIGNED_URL_LIFETIME_SECONDS. */
  lifetimeSeconds: number;
  /** The clock, in ms since the epoch (a test's own). Default: `Date.now`. */
  now?: () => number;
}

export interface Signer {
  /** The URL and headers for one request on the object, valid for `lifetimeSeconds` from now. */
  sign(method: 'PUT' | 'GET', key: ObjectKey): Promise<HeaderSignature>;
  /**
   * The object a request is for, if its headers sign this method (HEAD as GET) and path (without the query)
   * and have not expired; else what OSS answers.
   */
  verify(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<{ key: ObjectKey } | OssRefusal>;
}

export function createSigner({ secret, baseUrl, lifetimeSeconds, now = Date.now }: SignerOptions): Signer {
  if (typeof secret !== 'string' || !secret) throw invalid('secret', 'a non-empty string', typeof secret);
  const base = checkBaseUrl(baseUrl);
  if (
    !Number.isInteger(lifetimeSeconds) ||
    lifetimeSeconds < 1 ||
    lifetimeSeconds > MAX_SIGNED_URL_LIFETIME_SECONDS
  ) {
    throw invalid(
      'lifetimeSeconds',
      `an integer from 1 to ${MAX_SIGNED_URL_LIFETIME_SECONDS} (MAX_SIGNED_URL_LIFETIME_SECONDS)`,
      lifetimeSeconds,
    );
  }
  const hmacKey = crypto.subtle.importKey(
    'raw',
    utf8.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = async (method: string, path: string, date: string, expires: string) => {
    const text = `${method}\n${path}\n${date}\n${expires}`;
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey, utf8.encode(text)));
    return btoa(String.fromCharCode(...mac));
  };

  return {
    async sign(method, key) {
      const path = pathOf(key);
      const at = now();
      const date = new Date(at).toUTCString();
      const expires = String(Math.floor(at / 1000) + lifetimeSeconds);
      const url = `${base}${path}`;
      return {
        resourceUrls: [url],
        internalResourceUrls: [url],
        headers: {
          Authorization: `${AUTHORIZATION_PREFIX}${await signature(method, path, date, expires)}`,
          'x-oss-date': date,
          'x-oss-expires': expires,
        },
        expirationSeconds: lifetimeSeconds,
        region: REGION,
      };
    },
    async verify(method, path, headers) {
      const authorization = headerOf(headers, 'authorization');
      if (authorization === undefined) {
        return refusal('AccessDenied', 'Anonymous access is forbidden for this operation.');
      }
      const date = headerOf(headers, 'x-oss-date');
      const expires = headerOf(headers, 'x-oss-expires');
      const signed = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
      const expected =
        date === undefined || expires === undefined
          ? undefined
          : `${AUTHORIZATION_PREFIX}${await signature(signed, path, date, expires)}`;
      const key = keyOf(path);
      if (expected === undefined || key === undefined || !(await sameSecret(authorization, expected))) {
        return refusal(
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        );
      }
      if (Math.floor(now() / 1000) > Number(expires)) return refusal('AccessDenied', 'Request has expired.');
      return { key };
    },
  };
}

/** The object's path: each key segment percent-encoded, so the key comes back whole from the URL. */
export function pathOf(key: ObjectKey): string {
  return `/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** The key a path names, or undefined for a path outside the bucket or not encoded as `pathOf` encodes. */
function keyOf(path: string): ObjectKey | undefined {
  const prefix = `/${BUCKET}/`;
  if (!path.startsWith(prefix)) return undefined;
  try {
    const key = path.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
    return pathOf(key) === path ? key : undefined;
  } catch {
    return undefined;
  }
}

/** One header's value; one given twice (an array) is no signed header's value. */
function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

const refusal = (code: string, message: string): OssRefusal => ({ status: 403, code, message });

function checkBaseUrl(baseUrl: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(baseUrl));
  } catch {}
  if (typeof baseUrl !== 'string' || !url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw invalid('baseUrl', 'an http(s) URL with no query', baseUrl);
  }
  return baseUrl.replace(/\/+$/, '');
}
