// The CLI's ready-to-paste requests: one curl per operation of the spec, in the spec's order, as lines of a
// POSIX shell that work as pasted, in every mode, with or without --app. Each answer is printed. The
// sign-in's token is kept in $TOKEN for the calls after it; a path parameter named after something an
// earlier operation answers (`spaceId` after createSpace's `space`) takes that answer's id, so getSpace asks
// for a space that exists (and the example's value when that answer was a refusal). Against the drive
// emulator, whose state the lines change (a delete, a move), some lines answer a documented 4xx. With --app, the sign-in sends that app's key and the secret from
// $DINGTALK_APP_SECRET: the CLI never prints a secret. Driven by the spec alone, like the rest of the mock.
import { exampleRequest, resolveSchema } from '@dingtalk-storage/spec/operations';
import { ACCESS_TOKEN_HEADER } from './front-door.js';
import { loadSpec, type SpecOperation } from './spec.js';

/** The shell variable the sign-in line reads the app's secret from. */
export const APP_SECRET_VARIABLE = 'DINGTALK_APP_SECRET';
const TOKEN_VARIABLE = 'TOKEN';

// A shell variable inside a text: `variable('TOKEN')` is written as "$TOKEN" in a quoted word. The mark is
// a private-use character, which neither JSON.stringify nor a URL path escapes.
const MARK = '\uE000';
const variable = (name: string) => `${MARK}${name}${MARK}`;

/** The comment and the command line of each operation, for `url`; `appKey` is the first --app's. */
export function curlExamples(url: string, operations: SpecOperation[], appKey?: string): string[] {
  const answers = operations.map(answerProperties);
  const signIn = operations.findIndex((operation, i) => !operation.secured && answers[i]?.has('accessToken'));
  return operations.flatMap((operation, index) => {
    const example = exampleRequest(operation);
    // Path parameters whose value an earlier answer gives: `spaceId` from an earlier `{ space: { id } }`.
    let path = operation.path;
    for (const [name, value] of Object.entries(example.pathParams)) {
      const thing = name.endsWith('Id') ? name.slice(0, -2) : undefined;
      const earlier = thing !== undefined && answers.slice(0, index).some((answer) => answer.has(thing));
      const text = encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value));
      // The example's value where that answer had no id (the emulator refused it): the line stays routable.
      path = path.replace(`{${name}}`, earlier ? variable(`${idVariable(thing)}:-${text}`) : text);
    }
    // As DingTalk's SDK sends it: numbers and booleans as text, a JSON parameter as JSON text.
    const query = example.queryString;
    const headers: string[] = [];
    if (operation.secured) {
      const token = signIn >= 0 && signIn < index ? variable(TOKEN_VARIABLE) : 'test-token';
      headers.push(`${ACCESS_TOKEN_HEADER}: ${token}`);
    }
    let body = example.body;
    if (index === signIn && appKey !== undefined) {
      body = { ...(body as object), appKey, appSecret: variable(APP_SECRET_VARIABLE) };
    }
    if (body !== undefined) headers.push('content-type: application/json');
    const curl = [
      `curl -s -w '\\n' -X ${operation.method}`,
      shellWord(`${url}${path}${query ? `?${query}` : ''}`),
      ...headers.map((header) => `-H ${shellWord(header)}`),
      ...(body === undefined ? [] : [`-d ${shellWord(JSON.stringify(body))}`]),
    ].join(' ');
    // What a later line needs from this answer: the token, or the id of what it answered.
    const captured =
      index === signIn
        ? { name: TOKEN_VARIABLE, field: 'accessToken' }
        : [...(answers[index] ?? [])]
            .filter((thing) => consumes(operations.slice(index + 1), thing))
            .map((thing) => ({ name: idVariable(thing), field: 'id' }))[0];
    const command = captured
      ? `${captured.name}=$(${curl} | tee /dev/stderr | sed -n 's/.*"${captured.field}":"\\([^"]*\\)".*/\\1/p')`
      : curl;
    return [`# ${operation.operationId}: ${operation.summary}`, command];
  });
}

/** `text` as one shell word: literal parts in single quotes, the variables in it as "${NAME}" (or "${NAME:-default}"). */
export function shellWord(text: string): string {
  return text
    .split(MARK)
    .map((part, i) => (i % 2 ? `"\${${part}}"` : part && `'${part.replaceAll("'", `'\\''`)}'`))
    .join('');
}

/** The top-level properties of the operation's first 2xx answer. */
function answerProperties(operation: SpecOperation): Set<string> {
  for (const [status, response] of operation.responses) {
    if (status >= 200 && status < 300 && response.schema) {
      return new Set(Object.keys(resolveSchema(loadSpec(), response.schema)?.properties ?? {}));
    }
  }
  return new Set();
}

/** Whether one of `operations` has a path parameter `<thing>Id`. */
const consumes = (operations: SpecOperation[], thing: string) =>
  operations.some((operation) =>
    operation.parameters.some((parameter) => parameter.in === 'path' && parameter.name === `${thing}Id`),
  );

/** `space` → `SPACE_ID`, `dentryVersion` → `DENTRY_VERSION_ID`. */
const idVariable = (thing: string) => `${thing.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_ID`;
