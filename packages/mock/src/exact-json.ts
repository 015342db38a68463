// JSON that keeps every integer exact. DingTalk's quotas are Java Longs (int64), and JSON.parse rounds an
// integer beyond 2^53 (9007199254740993 becomes ...992), so the fake would echo a quota it was not sent.
// Here such an integer is read as a BigInt and written back digit for digit.
// Every string token (skipped as it is) and every integer token of 16 digits or more (to look at).
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.\deE])/g;
// Marks an unsafe integer's digits inside a JSON string until the reviver turns them into a BigInt. A
// client that writes the mark itself (escaped) gets a BigInt where it sent a string, which the schema
// refuses like any other wrong type.
const MARK = '\u0000int:';
const ESCAPED_MARK = '\\u0000int:';

/** JSON.parse, except that integers beyond Number.MAX_SAFE_INTEGER become BigInts. Throws SyntaxError. */
export function parseExactJson(text: string): unknown {
  let marked = false;
  const quoted = text.replace(TOKENS, (token) => {
    if (token.startsWith('"') || Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return `"${ESCAPED_MARK}${token}"`;
  });
  if (!marked) return JSON.parse(text);
  return JSON.parse(quoted, (_key, value) =>
    typeof value === 'string' && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  );
}

/** JSON.stringify, writing BigInts as plain JSON integers. */
export function stringifyExactJson(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, item) => {
    if (typeof item !== 'bigint') return item;
    marked = true;
    return `${MARK}${item}`;
  });
  return marked ? text.replace(/"\\u0000int:(-?\d+)"/g, '$1') : text;
}
