// Public API of @dingtalk-storage/mock.

import { join } from 'node:path';
import {
  type AdminAccessOptions,
  checkAdminAccessOptions,
  createAdminAccess,
  isLoopbackHost,
} from './admin-access.js';
import { createAdminApi } from './admin-api.js';
import {
  createControl,
  type Fault,
  type InjectOptions,
  type JournalEntry,
  type MockControl,
} from './control.js';
import { type BlobDoor, createBlobDoor } from './drive/blob-door.js';
import { blobListener } from './drive/blob-listener.js';
import { createFileBlobStore } from './drive/blob-store-fs.js';
import { createMemoryBlobStore } from './drive/blob-store-memory.js';
import { memoryStateStore, type StateStore } from './drive/state.js';
import { createFileStateStore } from './drive/state-store-fs.js';
import { withEnglishOnlyFaker } from './english-faker.js';
import { type Backend, createFrontDoor } from './front-door.js';
import { listen, type RunningServer } from './http.js';
import { nodeListener } from './node-listener.js';
import {
  createStatefulFake,
  DEFAULT_MAX_DENTRIES,
  DEFAULT_MAX_SPACES,
  DEFAULT_MAX_STORED_BYTES,
  DEFAULT_MAX_STORED_BYTES_ON_DISK,
  type DriveStores,
  type MockApp,
  type StatefulFake,
} from './stateful.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from './token-service.js';

// Prism's module graph is loaded only when a Prism mode or the proxy starts; the stateful fake does not need it.
const loadPrism = () => withEnglishOnlyFaker(() => import('./prism.js'));
const loadProxy = () => withEnglishOnlyFaker(() => import('./proxy.js'));

export { type AdminAccessOptions, MAX_ADMIN_TOKEN_LENGTH, MIN_ADMIN_TOKEN_LENGTH } from './admin-access.js';
export { ADMIN_PREFIX, ADMIN_ROUTES } from './admin-api.js';
export { type ConnectMockOptions, connectMock, type MockAdmin } from './admin-client.js';
export {
  type Fault,
  type InjectOptions,
  type JournalEntry,
  MAX_FAULT_BYTES,
  MAX_FAULT_TIMES,
  MAX_JOURNAL_BODY_BYTES,
  MAX_JOURNAL_BYTES,
  MAX_JOURNAL_ENTRIES,
  MAX_PENDING_FAULTS,
} from './control.js';
export { BYTE_ORIGIN_OPERATIONS } from './drive/blob-door.js';
export { MAX_APP_PROPERTIES, MAX_PART_BYTES, MAX_PENDING_UPLOADS } from './drive/drive.js';
export { DEFAULT_SIGNED_URL_LIFETIME_SECONDS, MAX_SIGNED_URL_LIFETIME_SECONDS } from './drive/signed-urls.js';
export { MAX_JSON_DEPTH } from './exact-json.js';
export { MAX_BODY_BYTES } from './front-door.js';
export { listExamples, type MockExample } from './spec.js';
export { createSpecValidator, type SpecValidator, type SpecViolation } from './spec-validator.js';
export {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_LIVE_TOKENS,
  MAX_TOKEN_LIFETIME_SECONDS,
  SIGN_IN_FAILURE_LIMIT,
  SIGN_IN_FAILURE_WINDOW_MS,
} from './token-service.js';
export {
  DEFAULT_MAX_DENTRIES,
  DEFAULT_MAX_SPACES,
  DEFAULT_MAX_STORED_BYTES,
  DEFAULT_MAX_STORED_BYTES_ON_DISK,
  type MockApp,
};

/**
 * - `prism`: Prism answers from the spec's named examples; pick one with `Prefer: code=400, example=paramError.name`.
 * - `dynamic`: Prism answers with random data that satisfies the spec.
 * - `stateful`: the drive emulator: spaces, folders, files and their bytes (uploads and downloads through a
 *   byte origin of its own, `blobUrl`), versions, recycle bin, permissions and tasks, in memory or in `dataDir`.
 *
 * In every mode, requests first pass the same DingTalk-faithful checks (token, JSON, the spec's schemas),
 * answered with DingTalk's error shape and a request id, and CORS is answered for browsers (not on the
 * admin API under `/__mock/`, which answers no web page but those of `adminOrigins`).
 */
export type MockMode = 'prism' | 'dynamic' | 'stateful';

export interface StartMockServerOptions extends AdminAccessOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. Any other than a loopback address or `localhost` needs an `adminToken`. */
  host?: string;
  /** Default 'prism'. */
  mode?: MockMode;
  /** Where Prism writes its log lines (prism and dynamic modes). Default: nowhere. */
  log?: NodeJS.WritableStream;
  /** Stateful mode: the most spaces kept; a create beyond it is refused (403) until `reset()`. Default 10_000. */
  maxSpaces?: number;
  /** Stateful mode: the most files and folders (recycled ones count); beyond it 403 `dentryLimitExceeded`. Default 100_000. */
  maxDentries?: number;
  /**
   * Stateful mode: the most bytes stored (every version, every pending upload part); a PUT beyond it is
   * refused 400 `EntityTooLarge`. Default 1 GiB in memory, 10 GiB with `dataDir`.
   */
  maxStoredBytes?: number;
  /**
   * Stateful mode: keep the drive (state and bytes) in this folder, so a restarted emulator serves the same
   * drive; a kill -9 loses nothing committed. Default: in memory. One emulator per folder at a time.
   */
  dataDir?: string;
  /** Stateful mode: the port of the byte origin (upload and download URLs). Default 0: a free port. */
  blobPort?: number;
  /** Stateful mode: `expirationSeconds` of upload and download URLs, 1 to 86400. Default 900, as DingTalk's example. */
  signedUrlLifetimeSeconds?: number;
  /**
   * Stateful mode: the apps getAccessToken signs in. With any, storage calls need a token the mock issued
   * and that has not expired (else 400 InvalidAuthentication); with none, any non-empty token is accepted.
   */
  apps?: MockApp[];
  /**
   * Stateful mode: the lifetime (`expireIn`) of issued tokens, in seconds, from 1 to
   * MAX_TOKEN_LIFETIME_SECONDS (a year). Default 7200.
   */
  tokenLifetimeSeconds?: number;
  /** Called with each request's journal entry once it is answered (the CLI's `--log` prints them). */
  onRequest?: (entry: JournalEntry) => void;
}

export interface MockServer {
  /** The base URL, e.g. 'http://127.0.0.1:43121': pass it as the client's baseUrl. */
  url: string;
  /**
   * Stateful mode: the byte origin's base URL (another port), where the upload and download URLs the API
   * hands out point, standing in for DingTalk's object store. Undefined in the Prism modes.
   */
  blobUrl: string | undefined;
  mode: MockMode;
  /**
   * Every request received so far, in order (a copy): operationId, method, path, query, headers, parsed body,
   * the status answered. Also `GET /__mock/requests`.
   */
  readonly requests: JournalEntry[];
  /**
   * Replaces the next `times` (default 1) answers of the operation with a fault: a DingTalk error
   * `{ status, code, headers? }`, a delay `{ delayMs }`, a dropped connection `{ reset: true }` or a malformed
   * answer `{ body }`. Also `POST /__mock/inject` with `{ operationId, fault, times }`.
   */
  inject(operationId: string, fault: Fault, options?: InjectOptions): void;
  /**
   * Clears the journal, the pending faults and the state (stateful mode: every space and issued token); call
   * it between tests. Also `POST /__mock/reset`.
   */
  reset(): void;
  /**
   * Stateful mode: every token issued so far expires now, so a client's refresh path runs. Also
   * `POST /__mock/expire-tokens`.
   */
  expireTokens(): void;
  /** Stops the server, ends open connections and frees the port. */
  close(): Promise<void>;
}

const MODES: readonly MockMode[] = ['prism', 'dynamic', 'stateful'];

export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const {
    port = 4010,
    host = '127.0.0.1',
    mode = 'prism',
    log,
    maxSpaces = DEFAULT_MAX_SPACES,
    maxDentries = DEFAULT_MAX_DENTRIES,
    dataDir,
    maxStoredBytes = dataDir === undefined ? DEFAULT_MAX_STORED_BYTES : DEFAULT_MAX_STORED_BYTES_ON_DISK,
    blobPort = 0,
    signedUrlLifetimeSeconds,
    apps = [],
    tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
    onRequest,
    adminToken,
    adminOrigins,
  } = options;
  if (!MODES.includes(mode)) {
    throw new TypeError(
      `Invalid \`mode\`: expected one of ${MODES.join(', ')}, received ${JSON.stringify(mode)}.`,
    );
  }
  checkPort(port);
  checkPort(blobPort, 'blobPort');
  if (dataDir !== undefined && (typeof dataDir !== 'string' || !dataDir)) {
    throw new TypeError(`Invalid \`dataDir\`: expected a folder path, received ${JSON.stringify(dataDir)}.`);
  }
  checkAdminAccessOptions({ adminToken, adminOrigins });
  if (!adminToken && !isLoopbackHost(host)) {
    throw new TypeError(
      `Invalid \`adminToken\`: required when \`host\` is not a loopback address (${JSON.stringify(host)}): anyone who reaches the port could read the journal and inject faults.`,
    );
  }
  if (mode !== 'stateful') {
    const backend = await (await loadPrism()).prismBackend({
      dynamic: mode === 'dynamic',
      ...(log && { log }),
    });
    const control = createControl();
    return Object.assign(await serveApi(backend, control, () => 0), { blobUrl: undefined });
  }

  // The byte origin listens first: the URLs the drive signs name its port.
  let blobDoor: BlobDoor | undefined;
  const blobServer = await listen(
    blobListener(
      Object.assign((request: Parameters<BlobDoor>[0]) => (blobDoor as BlobDoor)(request), {
        generation: () => blobDoor?.generation() ?? 0,
      }),
    ),
    { host, port: blobPort },
  );
  let fake: StatefulFake | undefined;
  let stateStore: StateStore | undefined;
  try {
    let stores: DriveStores | undefined;
    if (dataDir !== undefined) {
      stateStore = createFileStateStore(dataDir);
      stores = { state: stateStore, blobs: createFileBlobStore(join(dataDir, 'blobs')) };
    }
    fake = createStatefulFake(
      {
        maxSpaces,
        maxDentries,
        maxStoredBytes,
        apps,
        tokenLifetimeSeconds,
        blobBaseUrl: blobServer.url,
        ...(signedUrlLifetimeSeconds !== undefined && { signedUrlLifetimeSeconds }),
      },
      {},
      stores ?? { state: memoryStateStore(), blobs: createMemoryBlobStore() },
    );
    await fake.collectGarbage();
    const control = createControl(fake.reset);
    blobDoor = createBlobDoor({ ...fake.bytes, control, ...(onRequest && { onRequest }) });
    const server = await serveApi(fake.answer, control, fake.expireTokens);
    const drive = fake;
    const closeApi = server.close;
    // Assigned, not spread: `requests` is a getter.
    return Object.assign(server, {
      blobUrl: blobServer.url,
      close: async () => {
        await Promise.all([closeApi(), blobServer.close()]);
        drive.close();
      },
    });
  } catch (error) {
    // A start refused (a bad option, a folder in use) leaves the data folder free for the next.
    if (fake) fake.close();
    else stateStore?.close();
    await blobServer.close();
    throw error;
  }

  async function serveApi(
    backend: Backend,
    control: MockControl,
    expireTokens: () => number,
  ): Promise<Omit<MockServer, 'blobUrl'>> {
    const frontDoor = createFrontDoor(backend, control, onRequest);
    const access = createAdminAccess({ adminToken, adminOrigins }, { loopbackHostOnly: true });
    const admin = createAdminApi({ control, expireTokens, access });
    const server = await listen(nodeListener(frontDoor, admin), { host, port });
    return {
      ...server,
      mode,
      get requests() {
        return structuredClone(control.journal);
      },
      inject: (operationId, fault, injectOptions) => control.inject(operationId, fault, injectOptions),
      reset: control.reset,
      expireTokens,
    };
  }
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

function checkPort(port: number, name = 'port'): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(
      `Invalid \`${name}\`: expected an integer from 0 to 65535, received ${JSON.stringify(port)}.`,
    );
  }
}

export type { RunningServer };
