export interface PackedConsumer {
  dir: string;
  /** Runs a command in the consumer, returning its stdout; throws with its output (and `status`) on failure. */
  run(command: string, args: string[]): string;
  write(file: string, content: string): void;
  /** Removes the consumer now; it is removed anyway when this process ends, however it ends. */
  cleanup(): void;
}
/** A command that runs longer than this (ms) is taken for hung and killed. */
export const HUNG_COMMAND_MS: number;
export function createPackedConsumer(options: {
  packages: string[];
  devDependencies?: Record<string, string>;
  type?: 'module' | 'commonjs';
  root?: string;
}): PackedConsumer;
