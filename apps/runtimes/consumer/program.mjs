// One consumer program, the same on every runtime: the packed client against the mock. It creates a space
// and reads it back (stateful mock), gets a typed 400 (Prism), a typed network error (a closed port), a
// typed timeout and an abort (the mock holding its answer, by an injected delay). Only web-standard APIs.
import { createStorageClient } from '@dingtalk-storage/client';

/** The error a call rejects with, reduced to what the matrix compares. */
async function failure(call) {
  try {
    await call();
    return 'no error';
  } catch (error) {
    return { name: error?.name, status: error?.status, code: error?.code, message: error?.message };
  }
}

/** Holds the next answer of `operationId` for `delayMs`, through the mock's admin API. */
async function delayNext(mockUrl, operationId, delayMs) {
  const response = await fetch(`${mockUrl}/__mock/inject`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationId, fault: { delayMs } }),
  });
  if (!response.ok) throw new Error(`the mock refused the injection: HTTP ${response.status}`);
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

  await delayNext(stateful, 'getSpace', 2_000);
  const timeout = await failure(() =>
    storage.getSpace({ spaceId: space.id, unionId: 'u-1' }, { timeoutMs: 200 }),
  );

  await delayNext(stateful, 'getSpace', 2_000);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stopped by the caller')), 100);
  const aborted = await failure(() =>
    storage.getSpace({ spaceId: space.id, unionId: 'u-1' }, { signal: controller.signal }),
  );

  return {
    created: { name: space.name, quota: space.quota, readBack: got.space.id === space.id },
    invalid: { name: invalid.name, status: invalid.status, code: invalid.code },
    network: network.name,
    timeout: timeout.name,
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
