import type { SpawnResult } from './temporary-folder.mjs';

export interface RepositoryCopy {
  /** The copy's root folder. */
  dir: string;
  /** Runs a command in the copy (or in `cwd`), returning its stdout; throws with stderr on failure. */
  run(command: string, args: string[], cwd?: string): string;
  /**
   * Runs a command in the copy (or in `cwd`) to its end, failing or not; `env` replaces the environment
   * (default: this process's, with CI=true); `timeout` (ms) kills it and all it started.
   */
  spawn(
    command: string,
    args: string[],
    options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number },
  ): SpawnResult;
  /** Removes the copy now; it is removed anyway when this process ends, however it ends. */
  cleanup(): void;
}

export declare function copyRepository(
  prefix: string,
  source?: string,
  options?: { ref?: string },
): RepositoryCopy;
