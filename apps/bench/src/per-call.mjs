// Per-call cost on 127.0.0.1 against a keep-alive node:http server in another process, sequential and with
// 32 in flight, every contestant in the same run against the same server: the client on its build's default
// transport and on fetch, the official SDK, and undici's Pool.request as the measured limit; and a
// stubbed-fetch run that isolates the wrapper's own CPU cost (as openapi-fetch's bench).
import {
  CLIENT,
  contestants,
  IN_FLIGHT,
  OFFICIAL,
  officialSdk,
  TRANSPORTS,
  UNDICI_POOL,
  undiciPool,
} from './contestants.mjs';
import { startLocalServer } from './local-server.mjs';
import { interleave, now, summarize } from './stats.mjs';

/** Microseconds per call for `calls` calls, `inFlight` at a time. */
async function perCall(call, calls, inFlight) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      await call();
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return ((now() - start) * 1000) / calls;
}

/**
 * Sequential latency: calls alternate between the contestants one by one (in a rotating order), so drift,
 * GC and scheduling noise hit all alike; each call is timed alone, and a round's sample is each
 * contestant's median call (µs).
 */
async function sequentialLatency(all, calls, rounds) {
  const names = Object.keys(all);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const times = Object.fromEntries(names.map((name) => [name, []]));
    for (let i = 0; i < calls; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length];
        const start = now();
        await all[name]();
        times[name].push((now() - start) * 1000);
      }
    }
    for (const name of names) samples[name].push(summarize(times[name]).median);
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])]));
}

export async function measurePerCall({ rounds, calls }) {
  const server = await startLocalServer();
  const pool = undiciPool(server.url);
  try {
    const all = { ...contestants(server.url), [OFFICIAL]: officialSdk(server.url), [UNDICI_POOL]: pool.call };
    for (const call of Object.values(all)) for (let i = 0; i < 200; i++) await call(); // warm up
    const results = { sequential: await sequentialLatency(all, calls, rounds) };
    results[`${IN_FLIGHT} in flight`] = await interleave(
      Object.fromEntries(
        Object.entries(all).map(([name, call]) => [name, () => perCall(call, calls, IN_FLIGHT)]),
      ),
      rounds,
    );
    results.transports = Object.fromEntries(Object.keys(all).map((name) => [name, TRANSPORTS[name]]));
    return results;
  } finally {
    await pool.close();
    await server.stop();
  }
}

export async function measureStubbed({ rounds, calls }) {
  const body = JSON.stringify({ space: { id: '20394857361', name: 'Bench' } });
  const stub = async () =>
    new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const { 'openapi-fetch': bare, [CLIENT]: ours } = contestants('http://127.0.0.1:9', {
    fetch: stub,
  });
  for (let i = 0; i < 2000; i++) await Promise.all([bare(), ours()]);
  return interleave(
    {
      'openapi-fetch': () => perCall(bare, calls, 1),
      [CLIENT]: () => perCall(ours, calls, 1),
    },
    rounds,
  );
}
