// `@dingtalk-storage/mock/vitest`: vitest's `test` with a `dingtalkMock` fixture, the mock the globalSetup
// (`@dingtalk-storage/mock/vitest-setup`) started, reset before each test that uses it: its `url` for the
// client's baseUrl, and its journal, fault injection and reset over the admin API.
import { test as base, inject } from 'vitest';
import { connectMock, type MockAdmin } from './admin-client.js';

export type { MockAdmin };

// What the globalSetup provides to the tests: `inject('dingtalkMockUrl')` is typed once this module is imported.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the mock `@dingtalk-storage/mock/vitest-setup` started. */
    dingtalkMockUrl: string;
  }
}

export const test = base.extend<{ dingtalkMock: MockAdmin }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern.
  dingtalkMock: async ({}, use) => {
    const url = inject('dingtalkMockUrl');
    if (!url) {
      throw new Error(
        "No mock is running: add '@dingtalk-storage/mock/vitest-setup' to `test.globalSetup` in your vitest config.",
      );
    }
    const mock = connectMock(url);
    await mock.reset();
    await use(mock);
  },
});

export { expect } from 'vitest';
