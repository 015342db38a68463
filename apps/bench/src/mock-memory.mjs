// The mock's memory where a test could grow it: the journal after many 1 MB requests, and the most pending
// faults of the largest size. Each scenario runs the stateful mock in a child process of its own, so the
// RSS is the mock's (this process builds the requests); the child collects garbage before each reading,
// so the figures are what the mock keeps, not what it has yet to free.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  connectMock,
  MAX_BODY_BYTES,
  MAX_FAULT_BYTES,
  MAX_JOURNAL_BODY_BYTES,
  MAX_JOURNAL_BYTES,
  MAX_PENDING_FAULTS,
} from '@dingtalk-storage/mock';

const benchDir = fileURLToPath(new URL('../', import.meta.url));
const MiB = 2 ** 20;
/** Requests in flight at once: the mock reads one body while the next is sent. */
const IN_FLIGHT = 4;

const CHILD = `
  const { startMockServer } = await import('@dingtalk-storage/mock');
  const mock = await startMockServer({ port: 0, mode: 'stateful' });
  const memory = () => {
    globalThis.gc();
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed };
  };
  process.on('message', async (message) => {
    if (message === 'memory') process.send(memory());
    if (message === 'stop') {
      await mock.close();
      process.disconnect();
    }
  });
  process.send({ url: mock.url, ...memory() });
`;

/** A stateful mock in its own process: its URL, its memory when idle, and how to read it again. */
async function startMockProcess() {
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', CHILD], {
    cwd: benchDir,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const next = () =>
    Promise.race([
      once(child, 'message').then(([message]) => message),
      exited.then(([code]) => {
        throw new Error(`bench: the mock's process exited (${code}) before answering`);
      }),
    ]);
  const { url, ...idle } = await next();
  return {
    url,
    idle: inMiB(idle),
    memory: async () => {
      child.send('memory');
      return inMiB(await next());
    },
    stop: async () => {
      child.send('stop');
      await exited;
    },
  };
}

const inMiB = ({ rss, heapUsed }) => ({ rss: rss / MiB, heapUsed: heapUsed / MiB });

/** `requests` createSpace calls with a body of MAX_BODY_BYTES (a 1 MB name: refused, and journaled). */
async function measureJournal(requests) {
  const mock = await startMockProcess();
  try {
    const filler = 'x'.repeat(MAX_BODY_BYTES - '{"option":{"name":""}}'.length);
    const body = `{"option":{"name":"${filler}"}}`;
    let sent = 0;
    const sender = async () => {
      while (sent < requests) {
        sent++;
        const response = await fetch(`${mock.url}/v1.0/storage/spaces?unionId=u-bench`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'bench' },
          body,
        });
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const after = await mock.memory();
    const journaled = (await connectMock(mock.url).requests()).filter((r) => r.bodyBytes === body.length);
    if (journaled.length !== requests) {
      throw new Error(`bench: ${requests} requests sent, ${journaled.length} journaled`);
    }
    return { idle: mock.idle, after };
  } finally {
    await mock.stop();
  }
}

/** MAX_PENDING_FAULTS faults whose JSON is MAX_FAULT_BYTES each, injected over the admin API. */
async function measureFaults() {
  const mock = await startMockProcess();
  try {
    const fault = { body: 'x'.repeat(MAX_FAULT_BYTES - JSON.stringify({ body: '' }).length) };
    const admin = connectMock(mock.url);
    for (let i = 0; i < MAX_PENDING_FAULTS; i++) await admin.inject('createSpace', fault);
    return { idle: mock.idle, after: await mock.memory() };
  } finally {
    await mock.stop();
  }
}

export async function measureMockMemory({ requests }) {
  return {
    requests,
    bodyBytes: MAX_BODY_BYTES,
    journalBodyBytes: MAX_JOURNAL_BODY_BYTES,
    journalBytes: MAX_JOURNAL_BYTES,
    faults: MAX_PENDING_FAULTS,
    faultBytes: MAX_FAULT_BYTES,
    journal: await measureJournal(requests),
    pendingFaults: await measureFaults(),
  };
}
