// `@dingtalk-storage/mock/vitest`: vitest's `test` with a `dingtalkMock` fixture, reset before each test that
// uses it: its `url` for the client's baseUrl, and its journal, fault injection, token expiry and reset over
// the admin API. Each worker starts a stateful mock of its own (in-process, a few tens of ms), so test files
// running in parallel never see each other's requests, faults or state. A run that wants one mock for all
// (`@dingtalk-storage/mock/vitest-setup` as its globalSetup) gets that one instead.
import { test as base, inject } from 'vitest';
import { connectMock, type MockAdmin } from './admin-client.js';
import { type StartMockServerOptions, startMockServer } from './index.js';

export type { MockAdmin };

// What the globalSetup provides to the tests: `inject('dingtalkMockUrl')` is typed once this module is imported.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the mock `@dingtalk-storage/mock/vitest-setup` started for the whole run. */
    dingtalkMockUrl: string;
  }
}

/** What a test (and a suite-level hook: `dingtalkMockUrl`) can ask for. */
export interface DingtalkMockFixtures {
  /** The mock, reset before the test: its URL and its admin API. */
  dingtalkMock: MockAdmin;
  /** The URL of this worker's mock (or of the run's shared one), e.g. for a service you start in beforeAll. */
  dingtalkMockUrl: string;
}

/**
 * A `test` whose workers start their mock with these options (startMockServer's; `port` is always a free
 * one). Default: the stateful mode. `mockTest()` is this module's `test`.
 */
export function mockTest(options: Omit<StartMockServerOptions, 'port'> = {}) {
  return base.extend<{
    $test: Pick<DingtalkMockFixtures, 'dingtalkMock'>;
    $worker: Pick<DingtalkMockFixtures, 'dingtalkMockUrl'>;
  }>({
    dingtalkMockUrl: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern.
      async ({}, use) => {
        const shared = inject('dingtalkMockUrl');
        if (shared) {
          if (Object.keys(options).length) {
            throw new Error(
              `mockTest(${JSON.stringify(options)}): the run already has a mock for all its workers ('@dingtalk-storage/mock/vitest-setup' in test.globalSetup); pass the options to mockGlobalSetup instead, or drop the globalSetup.`,
            );
          }
          await use(shared);
          return;
        }
        const mock = await startMockServer({ mode: 'stateful', ...options, port: 0 });
        try {
          await use(mock.url);
        } finally {
          await mock.close();
        }
      },
      { scope: 'worker' },
    ],
    dingtalkMock: async ({ dingtalkMockUrl }, use) => {
      const mock = connectMock(dingtalkMockUrl, { adminToken: options.adminToken });
      await mock.reset();
      await use(mock);
    },
  });
}

export const test = mockTest();

export { expect } from 'vitest';
