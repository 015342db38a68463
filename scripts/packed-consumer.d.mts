export interface PackedConsumer {
  dir: string;
  run(command: string, args: string[]): string;
  write(file: string, content: string): void;
  cleanup(): void;
}
export function createPackedConsumer(options: {
  packages: string[];
  devDependencies?: Record<string, string>;
  type?: 'module' | 'commonjs';
  root?: string;
}): PackedConsumer;
