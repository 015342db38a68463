// The emulator as a user starts it from a shell: the mock's CLI (its package bin) in a child process, ready
// once it has printed its last line; stopped with SIGTERM, or killed with SIGKILL as a crash would end it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const mockFolder = dirname(require.resolve('@dingtalk-storage/mock/package.json'));
const { bin } = require('@dingtalk-storage/mock/package.json') as { bin: Record<string, string> };
const cliPath = join(mockFolder, Object.values(bin)[0] as string);

/** Deadline for a start: it only ends a hang (a CLI start takes about a second). */
const START_DEADLINE_MS = 30_000;

export interface RunningCli {
  child: ChildProcess;
  /** The API's base URL it printed. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then its exit code once it has ended. */
  stop(): Promise<number | null>;
  /** SIGKILL (a kill -9: no shutdown code runs), resolved once it has ended. */
  kill9(): Promise<void>;
}

export async function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + START_DEADLINE_MS;
  while (!output.includes('stop it with')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the CLI exited: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the CLI did not start within ${START_DEADLINE_MS} ms: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the CLI printed no URL: ${output}`);
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    url,
    output: () => output,
    stop: () => {
      if (!ended()) child.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      if (!ended()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the CLI to its exit (a start it refuses): the exit code and what it printed. */
export function runCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // The timeout only ends a start that should have been refused and listens instead.
    execFile(
      process.execPath,
      [cliPath, ...args],
      { timeout: START_DEADLINE_MS },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}
