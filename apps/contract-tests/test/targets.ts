// What the suite runs against. Without CONTRACT_BASE_URL: the mock, once per mode. With it: Prism in proxy
// mode in front of that server, so every real answer is also validated against the spec.
import { type MockMode, startMockServer, startValidatingProxy } from '@dingtalk-storage/mock';
import { afterAll, beforeAll } from 'vitest';

export type TargetName = MockMode | 'external';

export const externalBaseUrl = process.env.CONTRACT_BASE_URL;
export const targetNames: TargetName[] = externalBaseUrl ? ['external'] : ['prism', 'dynamic', 'stateful'];

export interface Target {
  name: TargetName;
  url: string;
  close(): Promise<void>;
}

export async function startTarget(name: TargetName): Promise<Target> {
  if (name === 'external') {
    const proxy = await startValidatingProxy({ upstream: externalBaseUrl ?? '', port: 0 });
    return { name, ...proxy };
  }
  const mock = await startMockServer({ port: 0, mode: name });
  return { name, url: mock.url, close: () => mock.close() };
}

/** Targets that answer from examples or random data: no state, but Prefer picks any documented answer. */
export const isPrism = (name: TargetName) => name === 'prism' || name === 'dynamic';

/** Starts the target before the surrounding suite's tests and stops it after them; returns its base URL. */
export function useTarget(name: TargetName): () => string {
  let target: Target | undefined;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target?.close());
  return () => {
    if (!target) throw new Error(`the ${name} target did not start`);
    return target.url;
  };
}
