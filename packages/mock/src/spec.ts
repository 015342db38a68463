// The bundled spec shipped inside this package (dist/openapi.json, copied from @dingtalk-storage/spec at
// build time), and what the mock needs to know from it.
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON.
export type OpenApiDocument = any;

export const SPEC_URL = new URL('./openapi.json', import.meta.url);
export const SPACES_PATH = '/v1.0/storage/spaces';

let cached: OpenApiDocument | undefined;

export function loadSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(SPEC_URL, 'utf8'));
  return cached;
}

export interface MockExample {
  /** HTTP status of the response. */
  status: number;
  /** The example's name, for `Prefer: code=<status>, example=<name>`. */
  example: string;
  summary: string;
}

/** Every named response example of createSpace: each can be asked for with a Prefer header in prism mode. */
export function listExamples(spec: OpenApiDocument = loadSpec()): MockExample[] {
  const responses: Record<string, OpenApiDocument> = spec.paths[SPACES_PATH].post.responses;
  return Object.entries(responses).flatMap(([status, response]) =>
    Object.entries(response.content['application/json'].examples as Record<string, { summary: string }>).map(
      ([example, { summary }]) => ({ status: Number(status), example, summary }),
    ),
  );
}
