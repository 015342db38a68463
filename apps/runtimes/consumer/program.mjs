// One consumer program, the same on every runtime: the packed client against the mock. It creates a space
// and reads it back (stateful mock), gets a typed 400 (Prism), a typed network error (a closed port), a
// typed timeout of a create that the mock received once (a runtime that resends a request it was told to
// drop would create twice) and an abort (the mock holding its answer, by an injected delay), and names the
// transport the build the runtime resolved uses (node:http for the `node` export condition, fetch
// elsewhere). Only web-standard APIs.
import { createStorageClient, DEFAULT_TRANSPORT } from '@dingtalk-storage/client';

/** The error a call rejects with, reduced to what the matrix compares. */
async function failure(call) {
  try {
    await call();
    return 'no error';
  } catch (error) {
    return { name: error?.name, status: error?.status, code: error?.code, message: error?.message };
  }
}

/** How long the mock holds an answer the program times out or aborts. */
const HELD_MS = 2_000;

/** Holds the next answer of `operationId` for `delayMs`, through the mock's admin API. */
async function delayNext(mockUrl, operationId, delayMs) {
  const response = await fetch(`${mockUrl}/__mock/inject`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationId, fault: { delayMs } }),
  });
  if (!response.ok) throw new Error(`the mock refused the injection: HTTP ${response.status}`);
}

/**
 * How many createSpace requests named `name` the mock received, counted once the one it held is answered
 * (journalled after HELD_MS; a resent copy is answered at once): read from its journal until then.
 */
async function createsReceived(mockUrl, name) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const response = await fetch(`${mockUrl}/__mock/requests`);
    if (!response.ok) throw new Error(`the mock refused its journal: HTTP ${response.status}`);
    const creates = (await response.json()).filter(
      (entry) => entry.operationId === 'createSpace' && entry.body?.option?.name === name,
    );
    if (creates.some((entry) => entry.ms >= HELD_MS)) return creates.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the mock did not journal the held create "${name}" within 30 s`);
}

export async function run({ stateful, prism, closed }) {
  const storage = createStorageClient({
    accessToken: 'runtime-token',
    baseUrl: stateful,
    retry: { maxAttempts: 1 },
  });
  const { space } = await storage.createSpace({
    unionId: 'u-1',
    option: { name: 'Runtime', quota: 1073741824 },
  });
  const got = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' });

  const examples = createStorageClient({
    accessToken: 'runtime-token',
    baseUrl: prism,
    headers: { prefer: 'code=400, example=paramError.name' },
  });
  const invalid = await failure(() => examples.createSpace({ unionId: 'u-1', option: { name: 'Runtime' } }));

  const nowhere = createStorageClient({
    accessToken: 'runtime-token',
    baseUrl: closed,
    retry: { maxAttempts: 1 },
  });
  const network = await failure(() => nowhere.createSpace({ unionId: 'u-1' }));

  // A POST on the connection the calls above left open: the create the client times out must not be resent.
  // Its name is this run's own (the mock serves every runtime's run).
  const timedOutName = `Timed out ${crypto.randomUUID()}`;
  await delayNext(stateful, 'createSpace', HELD_MS);
  const timeout = await failure(() =>
    storage.createSpace({ unionId: 'u-1', option: { name: timedOutName } }, { timeoutMs: 200 }),
  );

  await delayNext(stateful, 'getSpace', HELD_MS);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stopped by the caller')), 100);
  const aborted = await failure(() =>
    storage.getSpace({ spaceId: space.id, unionId: 'u-1' }, { signal: controller.signal }),
  );

  return {
    transport: DEFAULT_TRANSPORT,
    created: { name: space.name, quota: space.quota, readBack: got.space.id === space.id },
    invalid: { name: invalid.name, status: invalid.status, code: invalid.code },
    network: network.name,
    timeout: { name: timeout.name, received: await createsReceived(stateful, timedOutName) },
    aborted: aborted.message,
  };
}

/** The runtime and its version, as the runtime itself reports them. */
export function runtimeVersion() {
  if (globalThis.Deno) return `Deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `Bun ${globalThis.Bun.version}`;
  if (globalThis.process?.versions?.node) return `Node.js ${globalThis.process.versions.node}`;
  return globalThis.navigator?.userAgent ?? 'unknown';
}
