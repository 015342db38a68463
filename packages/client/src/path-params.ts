// Path parameters become one path segment each, percent-encoded. Three values cannot: an empty one, `.` and
// `..` (encodeURIComponent leaves dots alone, and URL parsing removes dot segments), so
// `getSpace({ spaceId: '..' })` would send GET /v1.0/storage/?… with the token. They are refused here, for
// every operation's method and for `raw`, before any request. (A number, e.g. revertDentryVersion's
// `version`, is written in decimal.)
import type { Middleware } from 'openapi-fetch';
import { check } from './errors.js';

/** `{name}` in a templated path: the simple style, the only one the spec uses (and the generator supports). */
const PATH_PARAM = /\{(\w+)\}/g;

/** The names of the path parameters of `template`, e.g. `['spaceId']` for `/v1.0/storage/spaces/{spaceId}`. */
export const pathParamNames = (template: string): string[] =>
  [...template.matchAll(PATH_PARAM)].map((match) => match[1] as string);

/** Throws a StorageValidationError naming `name` unless `text`, as the path will carry it, is one segment. */
function checkSegment(name: string, text: string, value: unknown, template: string, user: string): void {
  check(
    text !== '' && text !== '.' && text !== '..',
    name,
    `a path segment: a number or a non-empty string other than "." and ".." (${user} puts it in the path ${template})`,
    value,
  );
}

/**
 * Throws a StorageValidationError naming the first path parameter of `template` whose value is not a
 * string, number or boolean that stays one segment; `user` says who puts it in the path (e.g. `raw GET`).
 */
export function checkPathParams(template: string, values: Record<string, unknown>, user: string): void {
  for (const name of pathParamNames(template)) {
    const value = values[name];
    const scalar = ['string', 'number', 'boolean'].includes(typeof value);
    checkSegment(name, scalar ? String(value) : '', value, template, user);
  }
}

/** `template` with each path parameter's `text` (percent-encoded), checked to stay one segment. */
export function fillPath(
  template: string,
  values: Record<string, unknown>,
  user: string,
  text: (name: string) => string,
): string {
  return template.replace(PATH_PARAM, (_, name: string) => {
    const segment = text(name);
    checkSegment(name, segment, values[name], template, user);
    return segment;
  });
}

/** Refuses a raw call's bad path parameters before openapi-fetch's request goes anywhere. */
export const pathParamsGuard: Middleware = {
  onRequest({ request, schemaPath, params }) {
    checkPathParams(schemaPath, params.path ?? {}, `raw ${request.method}`);
    return undefined;
  },
};
