// Path parameters become one path segment each, percent-encoded. Three values cannot: an empty one, `.` and
// `..` (encodeURIComponent leaves dots alone, and URL parsing removes dot segments), so
// `getSpace({ spaceId: '..' })` would send GET /v1.0/storage/?… with the token. They are refused here, for
// every operation's method and for `raw`, before any request.
import type { Middleware } from 'openapi-fetch';
import { check } from './errors.js';

/** `{name}` in a templated path: the simple style, the only one the spec uses (and the generator supports). */
const PATH_PARAM = /\{(\w+)\}/g;

/** The names of the path parameters of `template`, e.g. `['spaceId']` for `/v1.0/storage/spaces/{spaceId}`. */
export const pathParamNames = (template: string): string[] =>
  [...template.matchAll(PATH_PARAM)].map((match) => match[1] as string);

/**
 * Throws a StorageValidationError naming the first path parameter of `template` whose value is not a
 * string that stays one segment; `user` says who puts it in the path (e.g. `getSpace`).
 */
export function checkPathParams(template: string, values: Record<string, unknown>, user: string): void {
  for (const name of pathParamNames(template)) {
    const value = values[name];
    check(
      typeof value === 'string' && value !== '' && value !== '.' && value !== '..',
      name,
      `a path segment: a non-empty string other than "." and ".." (${user} puts it in the path ${template})`,
      value,
    );
  }
}

/** `template` with each path parameter's value, checked and percent-encoded as one segment. */
export function fillPath(template: string, values: Record<string, unknown>, user: string): string {
  checkPathParams(template, values, user);
  return template.replace(PATH_PARAM, (_, name: string) => encodeURIComponent(values[name] as string));
}

/** Refuses a raw call's bad path parameters before openapi-fetch's request goes anywhere. */
export const pathParamsGuard: Middleware = {
  onRequest({ request, schemaPath, params }) {
    checkPathParams(schemaPath, params.path ?? {}, `raw ${request.method}`);
    return undefined;
  },
};
