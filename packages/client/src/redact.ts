// Keeps secrets out of anything the client hands back: the access tokens a call used are replaced
// wherever a server echoes them (error messages, bodies), and long bodies are cut to a short excerpt.
const EXCERPT_LENGTH = 200;

export function redactValue<T>(value: T, secrets: ReadonlySet<string>): T {
  if (typeof value === 'string') {
    let text: string = value;
    for (const secret of secrets) text = text.split(secret).join('[REDACTED]');
    return text as T;
  }
  if (value && typeof value === 'object') {
    const copy = (Array.isArray(value) ? [] : {}) as Record<string, unknown>;
    for (const key in value) copy[key] = redactValue((value as Record<string, unknown>)[key], secrets);
    return copy as T;
  }
  return value;
}

/** A one-line, token-free excerpt of a body for error messages. */
export function excerpt(text: string, secrets: ReadonlySet<string>): string {
  const line = redactValue(text, secrets).replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}
