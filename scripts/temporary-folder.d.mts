export interface SpawnResult {
  /** The exit code, or null when a signal ended the command. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The command ran past its `timeout` and was killed, with everything it started. */
  timedOut: boolean;
}

export interface TemporaryFolder {
  /** The folder, in $TMPDIR. */
  path: string;
  /**
   * Runs a command to its end in a process group of its own, killed should this process end first;
   * `timeout` (ms) kills the group.
   */
  spawn(
    command: string,
    args: string[],
    options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number },
  ): SpawnResult;
  /** Removes the folder now. */
  remove(): void;
}

/** A folder in $TMPDIR removed however this process ends, with the commands run in it. */
export declare function createTemporaryFolder(prefix: string): TemporaryFolder;
