#!/usr/bin/env node
// dingtalk-storage-mock [--port 4010] [--host 127.0.0.1] [--mode prism|dynamic|stateful] [--log]
//   [--app <appKey>:<appSecret> ...] [--token-lifetime <seconds>] [--version]
import { parseArgs } from 'node:util';
import { exampleRequest } from '@dingtalk-storage/spec/operations';
import packageJson from '../package.json' with { type: 'json' };
import { type JournalEntry, listExamples, startMockServer } from './index.js';
import { specOperations } from './spec.js';

const USAGE =
  'usage: dingtalk-storage-mock [--port 4010] [--host 127.0.0.1] [--mode prism|dynamic|stateful] [--log]\n' +
  '         [--app <appKey>:<appSecret> ...] [--token-lifetime <seconds>]   (stateful mode: sign-in and token checks)\n' +
  '       dingtalk-storage-mock --version\n' +
  '  --port defaults to $PORT, else 4010; --log prints one line per request (operation, status, ms)';

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
if (lifetime !== undefined && !/^[1-9]\d*$/.test(lifetime))
  fail(`--token-lifetime must be a positive number of seconds, got ${lifetime}`);
if ((apps.length || lifetime) && values.mode !== 'stateful')
  fail('--app and --token-lifetime need --mode stateful');

const mock = await startMockServer({
  port,
  host: values.host ?? '127.0.0.1',
  mode: values.mode as 'prism' | 'dynamic' | 'stateful',
  apps,
  ...(lifetime && { tokenLifetimeSeconds: Number(lifetime) }),
  ...(values.log && { onRequest: logLine }),
}).catch((error: unknown) => fail(`could not start the mock: ${(error as Error).message ?? error}`));

// Signals are handled before the URL is printed: whoever reads it may stop the mock at once.
let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the mock`);
  // close() ends open connections, so this is quick; the timer makes sure a signal always ends the process.
  setTimeout(() => process.exit(1), 800).unref();
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

console.log(`dingtalk-storage mock (${mock.mode}) listening on ${mock.url}`);
if (apps.length) {
  console.log(
    `signs in ${apps.map((app) => app.appKey).join(', ')}; calls then need a token the mock issued`,
  );
}
console.log('try:');
for (const operation of specOperations()) {
  const { method, path, query, body } = exampleRequest(operation);
  const json = body === undefined ? '' : ` -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
  console.log(
    `  # ${operation.operationId}: ${operation.summary}\n` +
      `  curl -s -X ${method} '${mock.url}${path}?${new URLSearchParams(query)}' -H 'x-acs-dingtalk-access-token: test-token'${json}`,
  );
}
if (mock.mode === 'prism') {
  const keys = listExamples().map(
    ({ operationId, status, example }) => `${operationId}: code=${status}, example=${example}`,
  );
  console.log(`pick an answer with -H 'Prefer: <one of>':\n  ${keys.join('\n  ')}`);
}
console.log('stop it with Ctrl-C (SIGINT) or SIGTERM');

/** `--log`: one line per request, e.g. `createSpace POST /v1.0/storage/spaces 200 3 ms`. */
function logLine(entry: JournalEntry): void {
  const status = entry.status === 0 ? 'dropped' : entry.status;
  console.log(`${entry.operationId ?? '-'} ${entry.method} ${entry.path} ${status} ${entry.ms} ms`);
}
