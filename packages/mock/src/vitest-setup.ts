// `@dingtalk-storage/mock/vitest-setup`: a vitest globalSetup for a run that wants ONE mock shared by all its
// workers (a service under test started once against it, a Prism mode loaded once): it starts the mock and
// provides its URL (`inject('dingtalkMockUrl')`), which the `dingtalkMock` fixture of
// `@dingtalk-storage/mock/vitest` then uses instead of a mock per worker. Shared, its journal and state are
// too: run such files one at a time (`fileParallelism: false`). The default export starts the stateful mode
// on a free port; `mockGlobalSetup(options)` takes startMockServer's options, for a setup file of your own.
import type { TestProject } from 'vitest/node';
import { type StartMockServerOptions, startMockServer } from './index.js';

export function mockGlobalSetup(options: StartMockServerOptions = {}) {
  return async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
    const mock = await startMockServer({ port: 0, mode: 'stateful', ...options });
    project.provide('dingtalkMockUrl', mock.url);
    return () => mock.close();
  };
}

export default mockGlobalSetup();
