#!/usr/bin/env node
// dingtalk-storage-mock [--port 4010] [--host 127.0.0.1] [--mode prism|dynamic|stateful] [--log]
//   [--app <appKey>:<appSecret> ...] [--token-lifetime <seconds>] [--data-dir <folder>] [--blob-port <port>]
//   [--signed-url-lifetime <seconds>] [--max-dentries <n>] [--max-stored-bytes <n>] [--admin-token <token>]
//   [--admin-origin <origin> ...] [--outlive-parent] [--version]
import { parseArgs } from 'node:util';
import packageJson from '../package.json' with { type: 'json' };
import { isLoopbackHost } from './admin-access.js';
import { APP_SECRET_VARIABLE, curlExamples, shellWord } from './curl-examples.js';
import {
  ADMIN_PREFIX,
  ADMIN_ROUTES,
  type JournalEntry,
  listExamples,
  MAX_ADMIN_TOKEN_LENGTH,
  MAX_SIGNED_URL_LIFETIME_SECONDS,
  MAX_TOKEN_LIFETIME_SECONDS,
  MIN_ADMIN_TOKEN_LENGTH,
  startMockServer,
} from './index.js';
import { specOperations } from './spec.js';

/** Where the admin token may come from instead of --admin-token (which `ps` would show). */
const ADMIN_TOKEN_VARIABLE = 'DINGTALK_MOCK_ADMIN_TOKEN';
/** How often the mock looks whether the process that started it is still there. */
const PARENT_CHECK_MS = 1_000;

const USAGE = `usage: dingtalk-storage-mock [--port 4010] [--host 127.0.0.1] [--mode prism|dynamic|stateful] [--log]
         [--app <appKey>:<appSecret> ...] [--token-lifetime <seconds>]   (stateful mode: sign-in and token checks)
         [--data-dir <folder>] [--blob-port <port>] [--signed-url-lifetime <seconds>]
         [--max-dentries <n>] [--max-stored-bytes <n>]                     (stateful mode: the drive emulator)
         [--admin-token <token>] [--admin-origin <origin> ...] [--outlive-parent]
       dingtalk-storage-mock --version
  --port defaults to $PORT, else 4010; --log prints one line per request (operation, status, ms)
  --token-lifetime: the expireIn of issued tokens, 1 to ${MAX_TOKEN_LIFETIME_SECONDS} seconds (default 7200)
  --data-dir: keep the drive (state and bytes) in this folder across restarts (default: in memory)
  --blob-port: the port of the byte origin the upload and download URLs point at (default $BLOB_PORT, else
    a free port)
  --signed-url-lifetime: expirationSeconds of those URLs, 1 to ${MAX_SIGNED_URL_LIFETIME_SECONDS} (default 900)
  --max-dentries, --max-stored-bytes: the drive's caps (default 100000 files and folders; 1 GiB in memory,
    10 GiB with --data-dir)
  admin API (journal, faults, reset, token expiry; see admin-openapi.yaml):
    ${ADMIN_ROUTES.join(', ')}
    a POST is sent as content-type: application/json; no web page may call it but those of --admin-origin
  --admin-token <token> (or $${ADMIN_TOKEN_VARIABLE}, which ps does not show): ${MIN_ADMIN_TOKEN_LENGTH} to ${MAX_ADMIN_TOKEN_LENGTH} visible
    ASCII characters; every admin request then sends authorization: Bearer <token>. Required with a --host
    beyond loopback (e.g. 0.0.0.0).
  --admin-origin <origin>: a web origin (e.g. http://localhost:5173) whose pages may call the admin API
  --outlive-parent: keep running when the process that started it (npx, a script) ends; by default the
    mock ends with it`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: {
  port?: string;
  host?: string;
  mode?: string;
  app?: string[];
  'token-lifetime'?: string;
  'data-dir'?: string;
  'blob-port'?: string;
  'signed-url-lifetime'?: string;
  'max-dentries'?: string;
  'max-stored-bytes'?: string;
  'admin-token'?: string;
  'admin-origin'?: string[];
  'outlive-parent'?: boolean;
  log?: boolean;
  version?: boolean;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      mode: { type: 'string', default: 'prism' },
      app: { type: 'string', multiple: true },
      'token-lifetime': { type: 'string' },
      'data-dir': { type: 'string' },
      'blob-port': { type: 'string' },
      'signed-url-lifetime': { type: 'string' },
      'max-dentries': { type: 'string' },
      'max-stored-bytes': { type: 'string' },
      'admin-token': { type: 'string' },
      'admin-origin': { type: 'string', multiple: true },
      'outlive-parent': { type: 'boolean' },
      log: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.version) {
  console.log(packageJson.version);
  process.exit(0);
}
// A flag beats the environment ($PORT, as containers and PaaS set it), which beats the default.
const [portFrom, portText] =
  values.port !== undefined
    ? ['--port', values.port]
    : process.env.PORT
      ? ['PORT', process.env.PORT]
      : ['--port', '4010'];
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65_535)
  fail(`${portFrom} must be an integer from 0 to 65535, got ${portText}`);
if (!['prism', 'dynamic', 'stateful'].includes(values.mode ?? '')) {
  fail(`--mode must be prism, dynamic or stateful, got ${values.mode}`);
}

const apps = (values.app ?? []).map((app) => {
  const colon = app.indexOf(':');
  // The secret is never echoed, also not in this message.
  if (colon < 1 || colon === app.length - 1) fail('--app must be <appKey>:<appSecret>');
  return { appKey: app.slice(0, colon), appSecret: app.slice(colon + 1) };
});
const lifetime = values['token-lifetime'];
if (
  lifetime !== undefined &&
  !(/^\d+$/.test(lifetime) && +lifetime >= 1 && +lifetime <= MAX_TOKEN_LIFETIME_SECONDS)
)
  fail(
    `--token-lifetime must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}, got ${lifetime}`,
  );
if ((apps.length || lifetime) && values.mode !== 'stateful')
  fail('--app and --token-lifetime need --mode stateful');

/** A whole-number flag of the drive emulator, checked against its bounds. */
function driveNumber(flag: keyof typeof values, min: number, max: number): number | undefined {
  const text = values[flag] as string | undefined;
  if (text === undefined) return undefined;
  if (values.mode !== 'stateful') fail(`--${flag} needs --mode stateful`);
  if (!/^\d+$/.test(text) || +text < min || +text > max) {
    fail(`--${flag} must be a whole number from ${min} to ${max}, got ${text}`);
  }
  return Number(text);
}
// As --port and $PORT: a flag beats $BLOB_PORT (the Dockerfile sets it), which beats a free port.
if (values['blob-port'] === undefined && process.env.BLOB_PORT && values.mode === 'stateful') {
  values['blob-port'] = process.env.BLOB_PORT;
}
const blobPort = driveNumber('blob-port', 0, 65_535);
const signedUrlLifetime = driveNumber('signed-url-lifetime', 1, MAX_SIGNED_URL_LIFETIME_SECONDS);
const maxDentries = driveNumber('max-dentries', 1, Number.MAX_SAFE_INTEGER);
const maxStoredBytes = driveNumber('max-stored-bytes', 1, Number.MAX_SAFE_INTEGER);
const dataDir = values['data-dir'];
if (dataDir !== undefined && values.mode !== 'stateful') fail('--data-dir needs --mode stateful');
if (dataDir === '') fail('--data-dir must name a folder');

const host = values.host ?? '127.0.0.1';
// A flag beats the environment; an empty variable is no token.
const adminToken = values['admin-token'] ?? (process.env[ADMIN_TOKEN_VARIABLE] || undefined);
if (
  adminToken !== undefined &&
  !(
    /^[\x21-\x7e]*$/.test(adminToken) &&
    adminToken.length >= MIN_ADMIN_TOKEN_LENGTH &&
    adminToken.length <= MAX_ADMIN_TOKEN_LENGTH
  )
) {
  // The token is never echoed, also not in this message.
  fail(
    `--admin-token (or $${ADMIN_TOKEN_VARIABLE}) must be ${MIN_ADMIN_TOKEN_LENGTH} to ${MAX_ADMIN_TOKEN_LENGTH} visible ASCII characters, no spaces`,
  );
}
if (!adminToken && !isLoopbackHost(host)) {
  fail(
    `--host ${host} listens beyond loopback: give the admin API a token with --admin-token <token> or $${ADMIN_TOKEN_VARIABLE} (anyone who reaches the port could otherwise read the journal and inject faults)`,
  );
}
const adminOrigins = values['admin-origin'] ?? [];
for (const origin of adminOrigins) {
  if (URL.canParse(origin) && new URL(origin).origin === origin) continue;
  fail(
    `--admin-origin must be a web origin such as http://localhost:5173 (scheme, host and port only), got ${origin}`,
  );
}

const mock = await startMockServer({
  port,
  host,
  mode: values.mode as 'prism' | 'dynamic' | 'stateful',
  apps,
  ...(lifetime && { tokenLifetimeSeconds: Number(lifetime) }),
  ...(dataDir !== undefined && { dataDir }),
  ...(blobPort !== undefined && { blobPort }),
  ...(signedUrlLifetime !== undefined && { signedUrlLifetimeSeconds: signedUrlLifetime }),
  ...(maxDentries !== undefined && { maxDentries }),
  ...(maxStoredBytes !== undefined && { maxStoredBytes }),
  ...(values.log && { onRequest: logLine }),
  ...(adminToken && { adminToken }),
  adminOrigins,
}).catch((error: unknown) => fail(`could not start the mock: ${(error as Error).message ?? error}`));

// Signals are handled before the URL is printed: whoever reads it may stop the mock at once.
let stopping = false;
const stop = (why: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${why}: stopping the mock`);
  // close() ends open connections, so this is quick; the timer makes sure a signal always ends the process.
  setTimeout(() => process.exit(1), 800).unref();
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
// A closed terminal or a parent gone must not turn a goodbye line into a crash.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
// npx (and pnpm, and a script) runs the mock as its child and, killed, does not always pass the signal on:
// the mock ends when the process that started it has gone (it is then adopted by another).
if (!values['outlive-parent']) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('the process that started the mock ended');
  }, PARENT_CHECK_MS).unref();
}

console.log(`dingtalk-storage mock (${mock.mode}) listening on ${mock.url}`);
if (mock.blobUrl) {
  console.log(
    `byte origin (upload and download URLs) on ${mock.blobUrl}${dataDir ? `; drive kept in ${dataDir}` : ''}`,
  );
}
if (!isLoopbackHost(host)) {
  console.error(
    `warning: listening on ${host}, beyond loopback: anyone who reaches this port can call the mock; its admin API needs the admin token`,
  );
}
if (apps.length) {
  console.log(
    `signs in ${apps.map((app) => app.appKey).join(', ')}; calls then need a token the mock issued`,
  );
}
console.log(
  'try it: paste into a POSIX shell (each answer is printed; later lines reuse the token and ids):',
);
if (apps[0])
  console.log(`  # first: export ${APP_SECRET_VARIABLE}=<the appSecret you gave --app ${apps[0].appKey}>`);
for (const line of curlExamples(mock.url, specOperations(), apps[0]?.appKey)) console.log(`  ${line}`);
console.log(
  `  # ${ADMIN_ROUTES[0]}: the journal${adminToken ? ` (with the admin token in $${ADMIN_TOKEN_VARIABLE})` : ''}`,
);
console.log(
  `  curl -s -w '\\n' ${shellWord(`${mock.url}${ADMIN_PREFIX}requests`)}${adminToken ? ` -H "authorization: Bearer $${ADMIN_TOKEN_VARIABLE}"` : ''}`,
);
if (mock.mode === 'prism') {
  // One line per operation (its status/example pairs), the answers every operation shares said once.
  const examples = listExamples();
  const pairs = new Map<string, string[]>();
  for (const { operationId, status, example } of examples) {
    pairs.set(operationId, [...(pairs.get(operationId) ?? []), `${status}/${example}`]);
  }
  const lists = [...pairs.values()];
  const shared = (lists[0] ?? []).filter((pair) => lists.every((list) => list.includes(pair)));
  console.log(
    "pick an answer with -H 'Prefer: code=<status>, example=<example>', <status>/<example> one of:\n" +
      `  every operation: ${shared.join(' ')}\n` +
      [...pairs]
        .map(([id, list]) => `  ${id}: ${list.filter((p) => !shared.includes(p)).join(' ')}`)
        .join('\n'),
  );
}
console.log(`admin API: ${ADMIN_ROUTES.join(', ')} (dingtalk-storage-mock --help)`);
console.log('stop it with Ctrl-C (SIGINT) or SIGTERM');

/** `--log`: one line per request, e.g. `createSpace POST /v1.0/storage/spaces 200 3 ms`. */
function logLine(entry: JournalEntry): void {
  const status = entry.status === 0 ? 'dropped' : entry.status;
  console.log(`${entry.operationId ?? '-'} ${entry.method} ${entry.path} ${status} ${entry.ms} ms`);
}
