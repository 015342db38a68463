// Keeps secrets out of anything the client hands back: the access tokens a call used are replaced
// wherever a server echoes them (error messages, bodies), and long bodies are cut to a short excerpt.
const REDACTED = '[REDACTED]';
const EXCERPT_LENGTH = 200;

export function redactText(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}

export function redactValue(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, secrets)]));
  }
  return value;
}

/** A one-line, token-free excerpt of a body for error messages. */
export function excerpt(text: string, secrets: ReadonlySet<string>): string {
  const line = redactText(text, secrets).replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}
