export interface RepositoryCopy {
  /** The copy's root folder. */
  dir: string;
  /** Runs a command in the copy (or in `cwd`), returning its stdout; throws with stderr on failure. */
  run(command: string, args: string[], cwd?: string): string;
  /** Removes the copy. */
  cleanup(): void;
}

export declare function copyRepository(
  prefix: string,
  source?: string,
  options?: { ref?: string },
): RepositoryCopy;
