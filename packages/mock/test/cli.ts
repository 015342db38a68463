// The CLI as a user starts it: spawned, and ready once it has printed everything (its last line says how
// to stop it).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/dingtalk-storage-mock.mjs', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves to the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

export async function startCli(args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  while (!output.includes('stop it with')) {
    if (child.exitCode !== null) throw new Error(`the CLI exited: ${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url: /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '', output: () => output, exited };
}
