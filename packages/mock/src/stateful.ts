// The stateful mode behind the front door: the drive emulator. Sign-in issues tokens for configured apps
// (token-service.ts); every storage operation with state has one thin handler here that calls the drive
// (drive/drive.ts), where the rules live. The front door has already routed, authenticated and validated
// each request and decoded its parameters; an operation without a handler answers its spec's first 2xx
// example, so a new operation works on day one and adding one stays a spec edit.
import type { OperationId, OperationPathParams, OperationQuery, operations } from '@dingtalk-storage/types';
import { createMemoryBlobStore } from './drive/blob-store-memory.js';
import type { BlobStore } from './drive/bytes.js';
import { createDrive, type Drive, DriveError } from './drive/drive.js';
import {
  createSigner,
  DEFAULT_SIGNED_URL_LIFETIME_SECONDS,
  MAX_SIGNED_URL_LIFETIME_SECONDS,
  type Signer,
} from './drive/signed-urls.js';
import { memoryStateStore, type StateStore } from './drive/state.js';
import { ACCESS_TOKEN_HEADER, dingtalkError, type MockAnswer, type MockRequest } from './front-door.js';
import {
  createTokenService,
  type MockApp,
  SIGN_IN_FAILURE_LIMIT,
  SIGN_IN_FAILURE_WINDOW_MS,
} from './token-service.js';

export type { MockApp };

/** The default cap on stored spaces: a test suite that never resets cannot grow without end. */
export const DEFAULT_MAX_SPACES = 10_000;
/** The default cap on files and folders (recycled ones count). */
export const DEFAULT_MAX_DENTRIES = 100_000;
/** The default cap on bytes stored in memory (every version, every pending part): 1 GiB. */
export const DEFAULT_MAX_STORED_BYTES = 1024 ** 3;
/** The default cap on bytes stored with `dataDir`: 10 GiB. */
export const DEFAULT_MAX_STORED_BYTES_ON_DISK = 10 * 1024 ** 3;
/** Where a drive under MSW says its bytes are (MSW answers that origin too); `.invalid` never resolves. */
export const DEFAULT_BLOB_BASE_URL = 'https://oss.dingtalk-storage-mock.invalid';

/** The JSON body of operation K as the spec types it (after the front door filled in the defaults). */
type BodyOf<K extends OperationId> = operations[K] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : undefined;
/** A request for operation K: its parameters, valid and decoded by the front door, typed as the spec types them. */
type RequestFor<K extends OperationId> = Omit<MockRequest, 'pathParams' | 'query' | 'body'> & {
  pathParams: OperationPathParams<K>;
  query: OperationQuery<K>;
  body: BodyOf<K>;
};
type Handler<K extends OperationId> = (request: RequestFor<K>) => unknown;
/**
 * The operations with state, each with its handler typed by its operation (a name the spec does not have
 * does not compile); every other operation answers its spec's first 2xx example.
 */
type HandlerTable = { [K in OperationId]?: Handler<K> };

export interface StatefulFake {
  answer(request: MockRequest): MockAnswer | Promise<MockAnswer>;
  /** Forgets every space, file, byte and issued token. */
  reset(): void;
  /**
   * Makes every token issued so far expire now: the next call with one gets 400 InvalidAuthentication.
   * Returns how many were live.
   */
  expireTokens(): number;
  /** What the byte origin needs: the drive's byte targets, the blob store and the URL signer. */
  bytes: { targets: Drive; blobs: BlobStore; signer: Signer };
  /** Removes blobs no state names (left by a kill -9); run before serving a `dataDir`. */
  collectGarbage(): Promise<void>;
  /** Releases the state store (its `dataDir` lock). */
  close(): void;
}

export interface StatefulFakeOptions {
  maxSpaces?: number;
  /** The most files and folders kept (recycled ones count); beyond it 403 `dentryLimitExceeded`. */
  maxDentries?: number;
  /** The most bytes stored (every version, every pending upload part); beyond it refused. */
  maxStoredBytes?: number;
  /** Apps whose credentials getAccessToken accepts; with any, storage calls need a token it issued. */
  apps?: MockApp[];
  /** The `expireIn` of issued tokens, in seconds: 1 to MAX_TOKEN_LIFETIME_SECONDS. Default 7200, as DingTalk's. */
  tokenLifetimeSeconds?: number;
  /** `expirationSeconds` of upload and download URLs: 1 to MAX_SIGNED_URL_LIFETIME_SECONDS. Default 900. */
  signedUrlLifetimeSeconds?: number;
  /** The byte origin's base URL, which upload and download URLs point at. Default DEFAULT_BLOB_BASE_URL. */
  blobBaseUrl?: string;
}

/** Where the drive keeps its state and bytes: memory by default; files under `dataDir` (index.ts). */
export interface DriveStores {
  state: StateStore;
  blobs: BlobStore;
}

/** @param clock.now the clock of tokens, signed URLs and timestamps (tests step it); default `Date.now`. */
export function createStatefulFake(
  options: StatefulFakeOptions = {},
  clock: { now?: () => number } = {},
  stores: DriveStores = { state: memoryStateStore(), blobs: createMemoryBlobStore() },
): StatefulFake {
  const {
    maxSpaces = DEFAULT_MAX_SPACES,
    maxDentries = DEFAULT_MAX_DENTRIES,
    maxStoredBytes = DEFAULT_MAX_STORED_BYTES,
    apps,
    tokenLifetimeSeconds,
    signedUrlLifetimeSeconds = DEFAULT_SIGNED_URL_LIFETIME_SECONDS,
    blobBaseUrl = DEFAULT_BLOB_BASE_URL,
  } = options;
  checkCount('maxSpaces', maxSpaces);
  checkCount('maxDentries', maxDentries);
  checkCount('maxStoredBytes', maxStoredBytes);
  if (
    !Number.isInteger(signedUrlLifetimeSeconds) ||
    signedUrlLifetimeSeconds < 1 ||
    signedUrlLifetimeSeconds > MAX_SIGNED_URL_LIFETIME_SECONDS
  ) {
    throw new TypeError(
      `Invalid \`signedUrlLifetimeSeconds\`: expected an integer from 1 to ${MAX_SIGNED_URL_LIFETIME_SECONDS} (MAX_SIGNED_URL_LIFETIME_SECONDS), received ${JSON.stringify(signedUrlLifetimeSeconds)}.`,
    );
  }
  const newTokenService = () =>
    createTokenService({
      ...(apps !== undefined && { apps }),
      ...(tokenLifetimeSeconds !== undefined && { lifetimeSeconds: tokenLifetimeSeconds }),
      ...clock,
    });
  // Replaced, not cleared, on reset: a sign-in under way across a reset issues its token into the old one.
  let tokens = newTokenService();
  let signer: Signer | undefined;
  const drive = createDrive({
    store: stores.state,
    blobs: stores.blobs,
    signer: (secret) => {
      signer = createSigner({
        secret,
        baseUrl: blobBaseUrl,
        lifetimeSeconds: signedUrlLifetimeSeconds,
        ...clock,
      });
      return signer;
    },
    limits: { maxSpaces, maxDentries, maxStoredBytes },
    ...clock,
  });

  const handlers = {
    // With no apps configured any credentials sign in, as any token is accepted then.
    async getAccessToken({ body }) {
      const signedIn = await tokens.signIn(body.appKey, body.appSecret);
      if ('accessToken' in signedIn) return signedIn;
      if (signedIn.refused === 'rate limited') {
        // DingTalk's rate limit answer, which clients back off from; the limit is this project's assumption.
        throw new DriveError(
          403,
          'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
          `${SIGN_IN_FAILURE_LIMIT} wrong secrets for this appKey within ${SIGN_IN_FAILURE_WINDOW_MS / 1_000} s: sign-ins are refused for a while`,
        );
      }
      // The spec documents this code as this project's assumption.
      throw new DriveError(400, 'invalidClientSecret', 'the appKey or appSecret is wrong');
    },
    // The front door filled in the spec's defaults (scene, sceneId, ownerType, capabilities).
    createSpace: ({ query, body }) => drive.createSpace(query.unionId, body.option),
    getSpace: ({ pathParams }) => drive.getSpace(pathParams.spaceId),
    addFolder: ({ pathParams: p, query, body }) =>
      drive.addFolder(p.spaceId, p.parentId, query.unionId, body),
    getDentry: ({ pathParams: p, body }) => drive.getDentry(p.spaceId, p.dentryId, body),
    getDentries: ({ pathParams: p, body }) => drive.getDentries(p.spaceId, body),
    listDentries: ({ pathParams: p, query }) => drive.listDentries(p.spaceId, query),
    listAllDentries: ({ pathParams: p, body }) => drive.listAllDentries(p.spaceId, body),
    renameDentry: ({ pathParams: p, query, body }) =>
      drive.renameDentry(p.spaceId, p.dentryId, query.unionId, body),
    moveDentry: ({ pathParams: p, query, body }) =>
      drive.moveDentry(p.spaceId, p.dentryId, query.unionId, body),
    moveDentries: ({ pathParams: p, query, body }) => drive.moveDentries(p.spaceId, query.unionId, body),
    copyDentry: ({ pathParams: p, query, body }) =>
      drive.copyDentry(p.spaceId, p.dentryId, query.unionId, body),
    copyDentries: ({ pathParams: p, query, body }) => drive.copyDentries(p.spaceId, query.unionId, body),
    deleteDentry: ({ pathParams: p, query }) =>
      drive.deleteDentry(p.spaceId, p.dentryId, query.unionId, query),
    deleteDentries: ({ pathParams: p, query, body }) => drive.deleteDentries(p.spaceId, query.unionId, body),
    getDentryThumbnails: ({ pathParams: p, body }) => drive.getDentryThumbnails(p.spaceId, body),
    getFileUploadInfo: ({ pathParams: p, query, body }) =>
      drive.getFileUploadInfo(p.spaceId, query.unionId, body),
    initMultipartFileUpload: ({ pathParams: p, query, body }) =>
      drive.initMultipartFileUpload(p.spaceId, query.unionId, body),
    getMultipartFileUploadInfos: ({ body }) => drive.getMultipartFileUploadInfos(body),
    commitFile: ({ pathParams: p, query, body }) => drive.commitFile(p.spaceId, query.unionId, body),
    getFileDownloadInfo: ({ pathParams: p, body }) => drive.getFileDownloadInfo(p.spaceId, p.dentryId, body),
    listDentryVersions: ({ pathParams: p, query }) => drive.listDentryVersions(p.spaceId, p.dentryId, query),
    revertDentryVersion: ({ pathParams: p, query }) =>
      drive.revertDentryVersion(p.spaceId, p.dentryId, p.version, query.unionId),
    updateDentryAppProperties: ({ pathParams: p, body }) =>
      drive.updateDentryAppProperties(p.spaceId, p.dentryId, body),
    deleteDentryAppProperties: ({ pathParams: p, body }) =>
      drive.deleteDentryAppProperties(p.spaceId, p.dentryId, body),
    getDentryOpenInfo: ({ pathParams: p, body }) => drive.getDentryOpenInfo(p.spaceId, p.dentryId, body),
    registerOpenInfo: ({ pathParams: p }) => drive.registerOpenInfo(p.spaceId, p.dentryId),
    getWebOfficeUrl: ({ pathParams: p }) => drive.getWebOfficeUrl(p.spaceId, p.dentryId),
    refreshWebOfficeToken: ({ pathParams: p }) => drive.refreshWebOfficeToken(p.spaceId, p.dentryId),
    addPermission: ({ pathParams: p, query, body }) =>
      drive.addPermission(p.spaceId, p.dentryId, query.unionId, body),
    updatePermission: ({ pathParams: p, query, body }) =>
      drive.updatePermission(p.spaceId, p.dentryId, query.unionId, body),
    deletePermission: ({ pathParams: p, body }) => drive.deletePermission(p.spaceId, p.dentryId, body),
    listPermissions: ({ pathParams: p, body }) => drive.listPermissions(p.spaceId, p.dentryId, body),
    batchQueryRoles: ({ pathParams: p, query }) =>
      drive.batchQueryRoles(p.spaceId, query.unionId, query.dentryIdList),
    getRecycleBin: ({ query }) => drive.getRecycleBin(query.recycleBinScope, query.scopeId),
    listRecycleItems: ({ pathParams: p, query }) => drive.listRecycleItems(p.recycleBinId, query),
    getRecycleItem: ({ pathParams: p }) => drive.getRecycleItem(p.recycleBinId, p.recycleItemId),
    deleteRecycleItem: ({ pathParams: p }) => drive.deleteRecycleItem(p.recycleBinId, p.recycleItemId),
    deleteRecycleItems: ({ pathParams: p, body }) => drive.deleteRecycleItems(p.recycleBinId, body),
    restoreRecycleItem: ({ pathParams: p, query, body }) =>
      drive.restoreRecycleItem(p.recycleBinId, p.recycleItemId, query.unionId, body),
    restoreRecycleItems: ({ pathParams: p, query, body }) =>
      drive.restoreRecycleItems(p.recycleBinId, query.unionId, body),
    clearRecycleBin: ({ pathParams: p }) => drive.clearRecycleBin(p.recycleBinId),
    getTask: ({ pathParams: p }) => drive.getTask(p.taskId),
    subscribeEvent: ({ body }) => drive.subscribeEvent(body),
    unsubscribeEvent: ({ body }) => drive.unsubscribeEvent(body),
    getOrg: ({ pathParams: p }) => drive.getOrg(p.corpId),
    getCurrentApp: () => drive.getCurrentApp(),
  } satisfies HandlerTable;

  /** The operation's handler (its JSON answered 200, a DriveError as DingTalk's error); else its first example. */
  const handle = async (request: MockRequest): Promise<MockAnswer> => {
    const handler = (handlers as HandlerTable)[request.operation.operationId as OperationId];
    if (handler === undefined) return firstExample(request);
    try {
      // The front door decoded and validated the parameters by this operation's schemas.
      return {
        status: 200,
        body: await (handler as Handler<OperationId>)(request as RequestFor<OperationId>),
      };
    } catch (error) {
      if (error instanceof DriveError)
        return dingtalkError(error.status, error.code, error.message, request.requestId);
      throw error;
    }
  };

  /** With apps configured, DingTalk's answer to a token it did not issue or that has expired. */
  const refused = ({ operation, headers, requestId }: MockRequest): MockAnswer | undefined => {
    if (!tokens.checksTokens || !operation.secured) return undefined;
    const state = tokens.check(String(headers[ACCESS_TOKEN_HEADER] ?? ''));
    if (state === 'live') return undefined;
    const why =
      state === 'expired' ? 'has expired' : 'was not issued by this mock (or expired and was pruned)';
    return dingtalkError(400, 'InvalidAuthentication', `the access token ${why}`, requestId);
  };

  return {
    answer: (request) => refused(request) ?? handle(request),
    reset: () => {
      drive.reset();
      tokens = newTokenService();
    },
    expireTokens: () => tokens.expireAll(),
    bytes: { targets: drive, blobs: stores.blobs, signer: signer as Signer },
    collectGarbage: () => drive.collectGarbage(),
    close: () => drive.close(),
  };
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`Invalid \`${name}\`: expected an integer >= 1, received ${JSON.stringify(value)}.`);
  }
}

/** The operation's first documented 2xx example: a spec-valid answer for an operation with no state. */
function firstExample({ operation, requestId }: MockRequest): MockAnswer {
  for (const [status, { examples }] of operation.responses) {
    const example = Object.values(examples)[0];
    if (status < 300 && example) return { status, body: example.value };
  }
  return dingtalkError(
    500,
    'systemError',
    `the spec has no 2xx example for ${operation.operationId}`,
    requestId,
  );
}
