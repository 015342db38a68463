// Path and query inputs as the URL carries them, written as DingTalk's official SDK writes them:
// `String(value)` (decimal numbers, `true`/`false`), JSON text for a JSON parameter, each percent-encoded
// as the SDK's wire has it: as Node's querystring and encodeURIComponent both do, and `'` as %27 (the SDK's
// HTTP layer parses its URL with Node's legacy url.parse, which escapes it). Each input is checked against
// its kind first, so a wrong one is a StorageValidationError naming it, before any request.
import { check, describe, StorageValidationError } from './errors.js';
import type { InputKind, ScalarKind } from './operation-spec.js';

const EXPECTED: Record<ScalarKind | 'json', string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a finite number',
  boolean: 'true or false',
  json: 'JSON data',
};

/** One value's text, or undefined when it is not of `kind` (a required string must not be blank). */
function textOf(value: unknown, kind: string, required: boolean): string | undefined {
  if (kind === 'json') {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined; // a BigInt or a circular reference
    }
  }
  const ok =
    kind === 'string'
      ? typeof value === 'string' && !(required && !value.trim())
      : kind === 'boolean'
        ? typeof value === 'boolean'
        : kind === 'integer'
          ? Number.isSafeInteger(value)
          : Number.isFinite(value);
  return ok ? String(value) : undefined;
}

/**
 * The percent-encoded texts of input `name` (one per item of an array kind), undefined when it is absent
 * and optional; `requiredBy` names the operation that requires it.
 */
export function urlTexts(
  name: string,
  value: unknown,
  kind: InputKind = 'string',
  requiredBy?: string,
): string[] | undefined {
  if (value === undefined && !requiredBy) return undefined;
  const item = kind.replace('[]', '') as ScalarKind | 'json';
  const array = item !== kind;
  // An empty array sends nothing, so a required one must have an item.
  const items = !array
    ? [value]
    : Array.isArray(value) && (value.length || !requiredBy)
      ? value
      : [undefined];
  let texts: (string | undefined)[];
  try {
    texts = items.map((v) => {
      const text = textOf(v, item, Boolean(requiredBy) && !array);
      return text === undefined ? text : encodeURIComponent(text).replaceAll("'", '%27');
    });
  } catch {
    // A lone surrogate has no UTF-8 (the SDK throws the same URIError).
    throw new StorageValidationError(name, 'well-formed Unicode text', describe(value));
  }
  const expected = array
    ? `${requiredBy ? 'a non-empty' : 'an'} array, each item ${EXPECTED[item]}`
    : requiredBy && kind === 'string'
      ? 'a non-empty string'
      : EXPECTED[item];
  check(
    !texts.includes(undefined),
    name,
    requiredBy ? `${expected} (${requiredBy} requires it)` : expected,
    value,
  );
  return texts as string[];
}
