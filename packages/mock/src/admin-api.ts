// The admin API under `/__mock/` (a prefix no DingTalk path has), for the CLI and for teams that do not
// write JavaScript: the journal, reset and fault injection over HTTP. Described by admin-openapi.yaml,
// which the typed client of it (admin-client.ts) is generated from. Served by the node:http server and by
// the MSW handlers alike.
import type { MockControl } from './control.js';
import { invalid } from './faults.js';
import type { WireAnswer } from './front-door.js';

export const ADMIN_PREFIX = '/__mock/';

export function answerAdmin(
  method: string,
  pathname: string,
  bodyText: string,
  control: MockControl,
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
      message: `no admin API at ${route}; there are GET ${ADMIN_PREFIX}requests, POST ${ADMIN_PREFIX}reset, POST ${ADMIN_PREFIX}inject`,
    });
  } catch (error) {
    return reply(400, { message: (error as Error).message });
  }
}
