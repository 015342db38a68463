// What one call costs against the mock, by the way a team runs it: the mock server on 127.0.0.1 (stateful
// and Prism, in this process) and the MSW handlers (no port: MSW intercepts fetch in this process). The same
// client call (createSpace) each time, contestants interleaved round by round.
import { createStorageClient } from '@dingtalk-storage/client';
import { startMockServer } from '@dingtalk-storage/mock';
import { createMockHandlers } from '@dingtalk-storage/mock/msw';
import { setupServer } from 'msw/node';
import { interleave, now } from './stats.mjs';

const option = { name: 'Bench', scene: 'bench', sceneId: '1' };

/** Microseconds per call, `calls` calls one after another. */
async function perCall(call, calls) {
  const start = now();
  for (let i = 0; i < calls; i++) await call();
  return ((now() - start) * 1000) / calls;
}

export async function measureMockPerCall({ rounds, calls }) {
  // The servers' clients keep the real fetch: MSW replaces the global one once it listens.
  const realFetch = globalThis.fetch;
  const stateful = await startMockServer({ port: 0, mode: 'stateful' });
  const prism = await startMockServer({ port: 0, mode: 'prism' });
  const msw = createMockHandlers();
  const interceptor = setupServer(...msw.handlers);
  interceptor.listen({ onUnhandledRequest: 'bypass' });
  try {
    const client = (baseUrl, fetch) => {
      const storage = createStorageClient({ accessToken: 'bench-token', baseUrl, fetch });
      return () => storage.createSpace({ unionId: 'u-bench', option });
    };
    const all = {
      'mock server, stateful (HTTP on 127.0.0.1)': [client(stateful.url, realFetch), stateful],
      'mock server, prism (HTTP on 127.0.0.1)': [client(prism.url, realFetch), prism],
      'MSW handlers (stateful, no port)': [
        client('https://api.dingtalk.io', (...args) => globalThis.fetch(...args)),
        msw,
      ],
    };
    for (const [call] of Object.values(all)) for (let i = 0; i < 100; i++) await call(); // warm up
    return await interleave(
      Object.fromEntries(
        Object.entries(all).map(([name, [call, mock]]) => [
          name,
          async () => {
            mock.reset(); // the journal would otherwise grow with every call
            return perCall(call, calls);
          },
        ]),
      ),
      rounds,
    );
  } finally {
    interceptor.close();
    await Promise.all([stateful.close(), prism.close()]);
  }
}
