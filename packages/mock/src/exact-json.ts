// JSON that keeps every integer exact. DingTalk's quotas are Java Longs (int64), and JSON.parse rounds an
// integer beyond 2^53 (9007199254740993 becomes ...992), so the fake would echo a quota it was not sent.
// Here such an integer is read as a BigInt and written back digit for digit.
// The text is read once, left to right, with no regular expression: a body is at most MAX_BODY_BYTES, and
// a backtracking pattern over it (a long run of digits followed by `.`) froze the mock for hours.

/**
 * The deepest nesting of arrays and objects a JSON body may have; deeper is refused before it is parsed.
 * DingTalk's documents set no limit: this is the project's assumption (the spec's bodies nest a few levels;
 * thousands of levels overflow the stack of a recursive validator).
 */
export const MAX_JSON_DEPTH = 64;

// Marks an unsafe integer's digits inside a JSON string until the reviver turns them into a BigInt. A
// client that writes the mark itself (escaped) gets a BigInt where it sent a string, which the schema
// refuses like any other wrong type.
const MARK = '\u0000int:';
const ESCAPED_MARK = '\\u0000int:';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }
// What may follow an integer's digits in a longer number: a fraction or an exponent.
const NUMBER_TAIL = new Set([
  0x2e,
  0x65,
  0x45,
  0x2b,
  0x2d,
  ...Array.from({ length: 10 }, (_, d) => ZERO + d),
]);

const isDigit = (code: number) => code >= ZERO && code <= NINE;

/**
 * JSON.parse, except that integers beyond Number.MAX_SAFE_INTEGER become BigInts. Throws a RangeError for
 * nesting deeper than `maxDepth` (checked before parsing), else a SyntaxError for text that is not JSON.
 */
export function parseExactJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const unsafe = unsafeIntegers(text, maxDepth);
  if (!unsafe.length) return JSON.parse(text);
  let quoted = '';
  let from = 0;
  for (let i = 0; i < unsafe.length; i += 2) {
    const start = unsafe[i] as number;
    const end = unsafe[i + 1] as number;
    quoted += `${text.slice(from, start)}"${ESCAPED_MARK}${text.slice(start, end)}"`;
    from = end;
  }
  quoted += text.slice(from);
  return JSON.parse(quoted, (_key, value) =>
    typeof value === 'string' && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  );
}

/** How deeply arrays and objects nest in a JSON text (strings skipped), or Infinity beyond `maxDepth`. */
export function jsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): number {
  try {
    return scan(text, maxDepth, false).depth;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Start and end offsets (pairs, flat) of the integer tokens JSON.parse would round. */
function unsafeIntegers(text: string, maxDepth: number): number[] {
  return scan(text, maxDepth, true).unsafe;
}

/**
 * One pass: skips strings, tracks nesting (throwing a RangeError beyond `maxDepth`) and, when asked, notes
 * each integer token of JSON's grammar (`-?(0|[1-9][0-9]*)`, with no fraction or exponent) that is not a
 * safe integer. Anything else is left as it is for JSON.parse to judge.
 */
function scan(text: string, maxDepth: number, findUnsafe: boolean): { depth: number; unsafe: number[] } {
  const unsafe: number[] = [];
  let depth = 0;
  let deepest = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i + 1);
    } else if (OPENERS.has(code)) {
      if (++depth > maxDepth) {
        throw new RangeError(`JSON nested deeper than ${maxDepth} levels of arrays and objects`);
      }
      deepest = Math.max(deepest, depth);
      i++;
    } else if (CLOSERS.has(code)) {
      depth--;
      i++;
    } else if (code === MINUS || isDigit(code)) {
      const digitsStart = code === MINUS ? i + 1 : i;
      let end = digitsStart;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      const digits = end - digitsStart;
      const integer = end >= text.length || !NUMBER_TAIL.has(text.charCodeAt(end));
      const leadingZero = digits > 1 && text.charCodeAt(digitsStart) === ZERO;
      if (
        findUnsafe &&
        integer &&
        digits >= 16 &&
        !leadingZero &&
        !Number.isSafeInteger(Number(text.slice(i, end)))
      ) {
        unsafe.push(i, end);
      }
      // The rest of a longer number (fraction, exponent) is skipped too, so its digits are not read again.
      while (end < text.length && NUMBER_TAIL.has(text.charCodeAt(end))) end++;
      i = Math.max(end, i + 1);
    } else {
      i++;
    }
  }
  return { depth: deepest, unsafe };
}

/** The offset just past the string whose contents start at `i` (the text's end when it is unterminated). */
function endOfString(text: string, i: number): number {
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    i += code === BACKSLASH ? 2 : 1;
  }
  return text.length;
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
