// The CLI as a user starts it: spawned, and ready once it has printed everything (its last line says how
// to stop it); or run to its exit, for the starts it refuses.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../bin/dingtalk-storage-mock.mjs', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Everything it printed to stderr so far. */
  errors(): string;
  /** Resolves to the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

export async function startCli(args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  while (!output.includes('stop it with')) {
    if (child.exitCode !== null) throw new Error(`the CLI exited: ${output}${errors}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    url: /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '',
    output: () => output,
    errors: () => errors,
    exited,
  };
}

/** Runs the CLI to its exit (a refused start, --help): its exit code and what it printed. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A deadline that only catches a hang (a start that should have been refused listens forever).
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}
