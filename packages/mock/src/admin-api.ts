// The admin API under `/__mock/` (a prefix no DingTalk path has), for the CLI and for teams that do not
// write JavaScript: the journal, reset, fault injection and token expiry over HTTP. Described by
// admin-openapi.yaml, which the typed client of it (admin-client.ts) is generated from. Served by the
// node:http server and by the MSW handlers alike, behind the same access rules (admin-access.ts).
import type { AdminAccess } from './admin-access.js';
import type { MockControl } from './control.js';
import { invalid } from './faults.js';
import type { IncomingRequest, WireAnswer } from './front-door.js';

export const ADMIN_PREFIX = '/__mock/';

/** Every route of the admin API (admin-openapi.yaml's paths). */
export const ADMIN_ROUTES = [
  `GET ${ADMIN_PREFIX}requests`,
  `POST ${ADMIN_PREFIX}inject`,
  `POST ${ADMIN_PREFIX}reset`,
  `POST ${ADMIN_PREFIX}expire-tokens`,
] as const;

/** @param expireTokens makes every issued token expire now (stateful mode), returning how many were live. */
export function answerAdmin(
  method: string,
  pathname: string,
  bodyText: string,
  control: MockControl,
  expireTokens: () => number,
): WireAnswer {
  const reply = (status: number, body: unknown): WireAnswer => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const route = `${method} ${pathname}`;
  try {
    if (route === `GET ${ADMIN_PREFIX}requests`) return reply(200, control.journal);
    if (route === `POST ${ADMIN_PREFIX}reset`) {
      control.reset();
      return reply(200, { reset: true });
    }
    if (route === `POST ${ADMIN_PREFIX}expire-tokens`) return reply(200, { expired: expireTokens() });
    if (route === `POST ${ADMIN_PREFIX}inject`) {
      let input: unknown;
      try {
        input = JSON.parse(bodyText || '{}');
      } catch {
        return reply(400, { message: 'the body must be JSON: { operationId, fault, times? }' });
      }
      // An `Injection` of admin-openapi.yaml; control.inject checks each of its fields.
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw invalid('body', '{ operationId, fault, times? }', input);
      }
      const { operationId, fault, times = 1, ...rest } = input as Record<string, unknown>;
      const unknown = Object.keys(rest)[0];
      if (unknown !== undefined)
        throw invalid(unknown, 'no such field: { operationId, fault, times? }', rest[unknown]);
      control.inject(operationId as string, fault as never, { times: times as number });
      return reply(200, { injected: operationId, times });
    }
    return reply(404, {
      message: `no admin API at ${route}; there are ${ADMIN_ROUTES.join(', ')}`,
    });
  } catch (error) {
    return reply(400, { message: (error as Error).message });
  }
}

export interface AdminApiOptions {
  control: MockControl;
  /** Makes every issued token expire now, returning how many were live; absent where there are none. */
  expireTokens?: () => number;
  access: AdminAccess;
}

export type AdminApi = (request: IncomingRequest) => Promise<WireAnswer>;

/** The admin API behind its access rules: a refusal or the route's answer, with CORS for a named origin. */
export function createAdminApi({ control, expireTokens = () => 0, access }: AdminApiOptions): AdminApi {
  const utf8 = new TextDecoder();
  return async (request) => {
    const pathname = request.target.split('?')[0] ?? request.target;
    const text = request.body ? utf8.decode(request.body) : '';
    const answer =
      (await access.refuse(request)) ?? answerAdmin(request.method, pathname, text, control, expireTokens);
    return { ...answer, headers: { ...answer.headers, ...access.cors(request) } };
  };
}
