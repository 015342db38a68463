// Public API of @dingtalk-storage/mock.
import { useEnglishOnlyFaker } from './english-faker.js';
import type { RunningServer } from './prism-server.js';
import { startStatefulServer } from './stateful-server.js';

// Prism's module graph is loaded only when a Prism mode starts; the stateful fake does not need it.
const loadPrism = () => {
  useEnglishOnlyFaker();
  return import('./prism-server.js');
};

export { listExamples, type MockExample } from './spec.js';
export { createSpecValidator, type SpecValidator, type SpecViolation } from './spec-validator.js';

/**
 * - `prism`: Prism answers from the spec's named examples; pick one with `Prefer: code=400, example=paramError.name`.
 * - `dynamic`: Prism answers with random data that satisfies the spec.
 * - `stateful`: a fake that remembers spaces: the same (scene, sceneId) returns the same space.
 */
export type MockMode = 'prism' | 'dynamic' | 'stateful';

export interface StartMockServerOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'prism'. */
  mode?: MockMode;
  /** Where Prism writes its log lines (prism and dynamic modes). Default: nowhere. */
  log?: NodeJS.WritableStream;
}

export interface MockServer {
  /** The base URL, e.g. 'http://127.0.0.1:43121': pass it as the client's baseUrl. */
  url: string;
  mode: MockMode;
  /** Stops the server and frees the port. */
  close(): Promise<void>;
}

const MODES: readonly MockMode[] = ['prism', 'dynamic', 'stateful'];

export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const { port = 4010, host = '127.0.0.1', mode = 'prism', log } = options;
  if (!MODES.includes(mode)) {
    throw new TypeError(
      `Invalid \`mode\`: expected one of ${MODES.join(', ')}, received ${JSON.stringify(mode)}.`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(
      `Invalid \`port\`: expected an integer from 0 to 65535, received ${JSON.stringify(port)}.`,
    );
  }
  const server: RunningServer =
    mode === 'stateful'
      ? await startStatefulServer({ host, port })
      : await (await loadPrism()).startPrism({
          host,
          port,
          dynamic: mode === 'dynamic',
          ...(log ? { log } : {}),
        });
  return { ...server, mode };
}

export interface StartValidatingProxyOptions {
  /** The server under test, e.g. 'http://127.0.0.1:8080'. */
  upstream: string;
  port?: number;
  host?: string;
  log?: NodeJS.WritableStream;
}

/**
 * Prism in proxy mode in front of `upstream`: requests and responses are validated against the spec, and a
 * response that breaks it comes back as HTTP 500 `application/problem+json` listing the violations.
 */
export async function startValidatingProxy(options: StartValidatingProxyOptions): Promise<RunningServer> {
  const { upstream, port = 0, host = '127.0.0.1', log } = options;
  return (await loadPrism()).startPrism({ host, port, upstream, ...(log ? { log } : {}) });
}

export type { RunningServer };
