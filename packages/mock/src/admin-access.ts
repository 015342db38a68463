// Who may use the admin API under /__mock/. It reads the journal (tokens and app secrets in it) and changes
// what the mock answers, so no web page the developer has open may reach it: it answers no CORS (only to the
// origins the user names in `adminOrigins`), refuses a request from any other origin or a cross-site one
// (403), takes a POST only as `application/json` (which a page cannot send without a preflight it is not
// granted: 415), and, with no admin token, answers only requests addressed to a loopback name (a page that
// rebinds its own DNS name to 127.0.0.1 sends its own name as `Host`). With `adminToken`, every admin
// request must carry `authorization: Bearer <token>` (401 otherwise), compared in constant time; the token
// is never echoed. Pure web APIs: the MSW handlers apply the same rules.
import type { RequestHeaders } from './control.js';
import type { WireAnswer } from './front-door.js';
import { sameSecret } from './secret.js';

/** The shortest `adminToken` taken: long enough that it cannot be guessed. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;
/** The longest `adminToken` taken. */
export const MAX_ADMIN_TOKEN_LENGTH = 512;

export interface AdminAccessOptions {
  /**
   * Every admin request must send `authorization: Bearer <adminToken>`: 16 to 512 visible ASCII characters.
   * Required when the server listens beyond loopback. Never logged.
   */
  adminToken?: string;
  /**
   * Web origins whose pages may call the admin API (CORS is answered to them only), e.g.
   * `['http://localhost:5173']`. Default none: no web page may.
   */
  adminOrigins?: string[];
}

/** An admin request, from whichever transport carried it. */
export interface AdminRequest {
  method: string;
  /** Header names in lower case. */
  headers: RequestHeaders;
}

export interface AdminAccess {
  /** The refusal of this request (a preflight from an allowed origin is answered here too), or undefined. */
  refuse(request: AdminRequest): Promise<WireAnswer | undefined>;
  /** The CORS headers an answer to this request carries: some only for an allowed origin. */
  cors(request: AdminRequest): Record<string, string>;
}

/**
 * @param loopbackHostOnly answer only requests whose `Host` is a loopback name when there is no token (the
 * node:http server; under MSW no request comes over the network).
 */
export function createAdminAccess(
  { adminToken, adminOrigins = [] }: AdminAccessOptions,
  { loopbackHostOnly }: { loopbackHostOnly: boolean },
): AdminAccess {
  checkAdminAccessOptions({ adminToken, adminOrigins });
  const allowed = (origin: string | undefined) => origin !== undefined && adminOrigins.includes(origin);
  const cors = ({ headers }: AdminRequest): Record<string, string> => {
    const origin = header(headers, 'origin');
    return allowed(origin) ? { 'access-control-allow-origin': origin as string, vary: 'origin' } : {};
  };
  const refusal = (status: number, message: string, extra: Record<string, string> = {}): WireAnswer => ({
    status,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify({ message }),
  });
  return {
    cors,
    async refuse(request) {
      const { method, headers } = request;
      const origin = header(headers, 'origin');
      if (origin !== undefined && !allowed(origin)) {
        return refusal(
          403,
          `the admin API answers no web page: origin ${origin.slice(0, 200)} is not one of adminOrigins (--admin-origin)`,
        );
      }
      const site = header(headers, 'sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none' && !allowed(origin)) {
        return refusal(403, `the admin API answers no ${site.slice(0, 20)} request from a web page`);
      }
      if (!adminToken && loopbackHostOnly && !isLoopbackHost(hostnameOf(header(headers, 'host')))) {
        return refusal(
          403,
          'without an admin token the admin API answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1])',
        );
      }
      if (method === 'OPTIONS' && allowed(origin)) {
        return {
          status: 204,
          headers: {
            ...cors(request),
            'access-control-allow-methods': 'GET, POST',
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-max-age': '600',
          },
          body: undefined,
        };
      }
      if (adminToken) {
        const given = /^bearer +(\S+) *$/i.exec(header(headers, 'authorization') ?? '')?.[1];
        // Hashed either way, so a missing header takes as long as a wrong one.
        if (!(await sameSecret(given ?? '', adminToken))) {
          return refusal(401, 'the admin API needs the admin token: send authorization: Bearer <token>', {
            'www-authenticate': 'Bearer realm="dingtalk-storage-mock admin"',
          });
        }
      }
      if (method === 'POST' && !/^application\/json\s*(;|$)/i.test(header(headers, 'content-type') ?? '')) {
        return refusal(415, 'a POST to the admin API must be sent with content-type: application/json');
      }
      return undefined;
    },
  };
}

/** Throws a TypeError naming the option that is wrong. */
export function checkAdminAccessOptions({ adminToken, adminOrigins }: AdminAccessOptions): void {
  if (
    adminToken !== undefined &&
    !(
      typeof adminToken === 'string' &&
      /^[\x21-\x7e]*$/.test(adminToken) &&
      adminToken.length >= MIN_ADMIN_TOKEN_LENGTH &&
      adminToken.length <= MAX_ADMIN_TOKEN_LENGTH
    )
  ) {
    // The token itself is never shown, also not here.
    throw new TypeError(
      `Invalid \`adminToken\`: expected ${MIN_ADMIN_TOKEN_LENGTH} to ${MAX_ADMIN_TOKEN_LENGTH} visible ASCII characters (no spaces).`,
    );
  }
  if (adminOrigins === undefined) return;
  const bad = Array.isArray(adminOrigins)
    ? adminOrigins.find((origin) => typeof origin !== 'string' || originOf(origin) !== origin)
    : adminOrigins;
  if (bad !== undefined || !Array.isArray(adminOrigins)) {
    throw new TypeError(
      `Invalid \`adminOrigins\`: expected an array of web origins such as 'http://localhost:5173' (scheme, host and port only), received ${JSON.stringify(bad)}.`,
    );
  }
}

/** Whether `host` (a name or an address, as `listen` or a `Host` header gives it) can only be this machine. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function hostnameOf(host: string | undefined): string | undefined {
  try {
    return host === undefined ? undefined : new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

function originOf(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}
