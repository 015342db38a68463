// One in-process emulator (the mock in stateful mode) per test file, emptied before each test: what a
// user's suite does with startMockServer and reset().
import { type MockServer, type StartMockServerOptions, startMockServer } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { connectSdk, type Sdk } from './sdk.js';

export interface Emulator {
  mock: MockServer;
  sdk: Sdk;
}

/** Starts the emulator before the file's tests, resets it before each, closes it after them. */
export function emulatorPerFile(options: Omit<StartMockServerOptions, 'port' | 'mode'> = {}): Emulator {
  const emulator = {} as Emulator;
  beforeAll(async () => {
    emulator.mock = await startMockServer({ ...options, port: 0, mode: 'stateful' });
    emulator.sdk = connectSdk(emulator.mock.url);
  });
  beforeEach(() => emulator.mock.reset());
  afterAll(() => emulator.mock?.close());
  return emulator;
}
