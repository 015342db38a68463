// Keeps secrets out of anything the client hands back: every access token a call used is replaced wherever
// a server echoes it (messages, codes, request ids, body keys and values), and long text is cut to a short
// excerpt.
//
// The rule: a token of REDACT_ANYWHERE_LENGTH characters or more is replaced wherever it occurs (a string
// that long does not occur by chance); a shorter one only where it stands alone, not inside a run of
// letters and digits, so a test token 't' leaves "with" alone but "t" and "token t." are redacted.
export const REDACTED = '[REDACTED]';
const REDACT_ANYWHERE_LENGTH = 16;
const EXCERPT_LENGTH = 200;
/** Deeper than this, a body is cut: redacting it must not overflow the stack (a hostile 20,000-deep answer). */
const MAX_DEPTH = 64;

function redactText(text: string, secrets: ReadonlySet<string>): string {
  for (const secret of secrets) {
    text =
      secret.length >= REDACT_ANYWHERE_LENGTH
        ? text.split(secret).join(REDACTED)
        : text.replace(
            new RegExp(
              `(?<![\\p{L}\\p{N}])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
              'gu',
            ),
            REDACTED,
          );
  }
  return text;
}

/** A copy of `value` with every secret redacted, in keys too; `__proto__` stays a plain key. */
export function redactValue<T>(value: T, secrets: ReadonlySet<string>, depth = 0): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (!value || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]' as T;
  const entries = Object.entries(value).map(([key, item]) => [
    redactText(key, secrets),
    redactValue(item, secrets, depth + 1),
  ]);
  // Object.fromEntries defines each key as an own property, so a `__proto__` key never becomes the prototype.
  return (Array.isArray(value) ? entries.map((entry) => entry[1]) : Object.fromEntries(entries)) as T;
}

/** A one-line, token-free excerpt of a body or message, at most EXCERPT_LENGTH characters. */
export function excerpt(text: string, secrets: ReadonlySet<string>): string {
  const line = redactText(text, secrets).replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}
