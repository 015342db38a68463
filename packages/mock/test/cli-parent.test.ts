// The CLI ends with the process that started it: npx runs the bin as a child and, killed, does not always
// pass the signal on, which left the mock listening. Here an intermediate process starts the CLI, as npx
// does, and is killed; the mock's port must close. SIGHUP (a closed terminal) stops the CLI too, and
// --outlive-parent keeps it running for a starter that exits on purpose.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { bin, startCli } from './cli.js';

/** The processes a test started, ended after it whatever happened (one that did its job is gone already). */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

/** A parent in between, as npx is: it starts the CLI (stdio inherited) and prints the CLI's pid. */
async function throughAParent(args: string[]) {
  const script = `
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, ${JSON.stringify([bin, ...args])}, { stdio: 'inherit' });
    console.log('cli pid ' + child.pid);
    setInterval(() => {}, 1 << 30);`;
  const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(parent.pid as number);
  let output = '';
  parent.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const cli = await until(() => /cli pid (\d+)/.exec(output)?.[1], 'the CLI to start');
  started.push(Number(cli));
  const url = await until(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], 'the CLI to listen');
  return { parent, url };
}

/** Whether something accepts connections at `url` now. */
const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Polls `probe` until it gives a value, for at most 20 s: a deadline that only catches a hang. */
async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (const deadline = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}`);
  }
}

it.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL'] as const)(
  'the mock stops listening when the process that started it dies by %s',
  async (signal) => {
    const { parent, url } = await throughAParent(['--port', '0', '--mode', 'stateful']);
    expect(await listening(url)).toBe(true);
    parent.kill(signal);
    await until(async () => ((await listening(url)) ? undefined : true), 'the port to close');
  },
);

it('--outlive-parent keeps it listening after its parent died', async () => {
  const { parent, url } = await throughAParent(['--port', '0', '--mode', 'stateful', '--outlive-parent']);
  parent.kill('SIGKILL');
  await new Promise((resolve) => parent.once('exit', resolve));
  // Three of the CLI's once-a-second looks at its parent: a watching CLI would have stopped by then.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await listening(url)).toBe(true);
});

it('SIGHUP (a closed terminal) stops the CLI cleanly', async () => {
  const { child, exited } = await startCli(['--port', '0', '--mode', 'stateful']);
  child.kill('SIGHUP');
  expect(await exited).toBe(0);
});
