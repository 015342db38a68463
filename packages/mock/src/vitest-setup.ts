// `@dingtalk-storage/mock/vitest-setup`: a vitest globalSetup that starts the mock once for the run and
// provides its URL to the tests (`inject('dingtalkMockUrl')`, or the `dingtalkMock` fixture of
// `@dingtalk-storage/mock/vitest`). The default export starts the stateful mode on a free port;
// `mockGlobalSetup(options)` takes startMockServer's options, for a setup file of your own.
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
