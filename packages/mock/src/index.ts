// Public API of @dingtalk-storage/mock.
import { withEnglishOnlyFaker } from './english-faker.js';
import { type Backend, frontDoor } from './front-door.js';
import { listen, type RunningServer } from './http.js';
import { createStatefulFake, DEFAULT_MAX_SPACES } from './stateful.js';

// Prism's module graph is loaded only when a Prism mode or the proxy starts; the stateful fake does not need it.
const loadPrism = () => withEnglishOnlyFaker(() => import('./prism.js'));
const loadProxy = () => withEnglishOnlyFaker(() => import('./proxy.js'));

export { MAX_BODY_BYTES } from './front-door.js';
export { listExamples, type MockExample } from './spec.js';
export { createSpecValidator, type SpecValidator, type SpecViolation } from './spec-validator.js';
export { DEFAULT_MAX_SPACES };

/**
 * - `prism`: Prism answers from the spec's named examples; pick one with `Prefer: code=400, example=paramError.name`.
 * - `dynamic`: Prism answers with random data that satisfies the spec.
 * - `stateful`: a fake that remembers spaces: the same (scene, sceneId) returns the same space.
 *
 * In every mode, requests first pass the same DingTalk-faithful checks (token, JSON, the spec's schemas),
 * answered with DingTalk's error shape and a request id, and CORS is answered for browsers.
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
  /** Stateful mode: the most spaces kept; a create beyond it is refused (403) until `reset()`. Default 10_000. */
  maxSpaces?: number;
}

export interface MockServer {
  /** The base URL, e.g. 'http://127.0.0.1:43121': pass it as the client's baseUrl. */
  url: string;
  mode: MockMode;
  /** Forgets the state (stateful mode: every space); call it between tests. Prism modes keep none. */
  reset(): void;
  /** Stops the server, ends open connections and frees the port. */
  close(): Promise<void>;
}

const MODES: readonly MockMode[] = ['prism', 'dynamic', 'stateful'];

export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const { port = 4010, host = '127.0.0.1', mode = 'prism', log, maxSpaces = DEFAULT_MAX_SPACES } = options;
  if (!MODES.includes(mode)) {
    throw new TypeError(
      `Invalid \`mode\`: expected one of ${MODES.join(', ')}, received ${JSON.stringify(mode)}.`,
    );
  }
  checkPort(port);
  if (!Number.isInteger(maxSpaces) || maxSpaces < 1) {
    throw new TypeError(
      `Invalid \`maxSpaces\`: expected an integer >= 1, received ${JSON.stringify(maxSpaces)}.`,
    );
  }
  let backend: Backend;
  let reset = () => {};
  if (mode === 'stateful') {
    const fake = createStatefulFake({ maxSpaces });
    backend = fake.answer;
    reset = fake.reset;
  } else {
    backend = await (await loadPrism()).prismBackend({ dynamic: mode === 'dynamic', ...(log && { log }) });
  }
  const server = await listen(frontDoor(backend), { host, port });
  return { ...server, mode, reset };
}

export interface StartValidatingProxyOptions {
  /** The server under test, e.g. 'http://127.0.0.1:8080'. */
  upstream: string;
  port?: number;
  host?: string;
  log?: NodeJS.WritableStream;
}

/**
 * A proxy in front of `upstream` that forwards every request as it came and has Prism judge every answer
 * against the spec: an answer that breaks it comes back as HTTP 500 `application/problem+json` listing the
 * violations (`validation[].location`, e.g. `['response', 'body', 'space', 'ownerType']`).
 */
export async function startValidatingProxy(options: StartValidatingProxyOptions): Promise<RunningServer> {
  const { upstream, port = 0, host = '127.0.0.1', log } = options;
  let url: URL | undefined;
  try {
    url = new URL(upstream);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new TypeError(
      `Invalid \`upstream\`: expected an http(s) URL, received ${JSON.stringify(upstream)}.`,
    );
  }
  checkPort(port);
  return (await loadProxy()).startProxy({ upstream, host, port, ...(log && { log }) });
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(
      `Invalid \`port\`: expected an integer from 0 to 65535, received ${JSON.stringify(port)}.`,
    );
  }
}

export type { RunningServer };
