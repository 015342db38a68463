// The stateful fake behind the front door: small state handlers for the operations whose semantics the
// spec cannot state (getAccessToken: tokens for configured apps, with a lifetime; createSpace: the same
// (scene, sceneId) returns the same space, option fields echoed exactly, int64 quotas included; getSpace:
// what createSpace made, by id). With apps configured, a storage call needs a token the fake issued. The state is bounded and
// resettable. The front door has already routed, authenticated and validated each request; an operation
// without a handler answers its spec's first 2xx example, so a new operation works on day one.
import { ACCESS_TOKEN_HEADER, dingtalkError, type MockAnswer, type MockRequest } from './front-door.js';

const CORP_ID = 'dingmockcorp0000000000000000';
const APP_ID = '5000123';
/** The default cap on stored spaces (about 15 MiB): a test suite that never resets cannot grow without end. */
export const DEFAULT_MAX_SPACES = 10_000;

// biome-ignore lint/suspicious/noExplicitAny: request bodies are valid against the spec by now.
type Json = any;

/** An app the fake's token endpoint signs in. */
export interface MockApp {
  appKey: string;
  appSecret: string;
}

export interface StatefulFake {
  answer(request: MockRequest): MockAnswer;
  /** Forgets every space and every issued token. */
  reset(): void;
  /** Makes every token issued so far expire now: the next call with one gets 400 InvalidAuthentication. */
  expireTokens(): void;
}

export interface StatefulFakeOptions {
  maxSpaces?: number;
  /** Apps whose credentials getAccessToken accepts; with any, storage calls need a token it issued. */
  apps?: MockApp[];
  /** The `expireIn` of issued tokens, in seconds. Default 7200, as DingTalk's. */
  tokenLifetimeSeconds?: number;
}

export function createStatefulFake({
  maxSpaces = DEFAULT_MAX_SPACES,
  apps = [],
  tokenLifetimeSeconds = 7_200,
}: StatefulFakeOptions = {}): StatefulFake {
  if (!Number.isInteger(maxSpaces) || maxSpaces < 1) {
    throw new TypeError(
      `Invalid \`maxSpaces\`: expected an integer >= 1, received ${JSON.stringify(maxSpaces)}.`,
    );
  }
  if (
    !Array.isArray(apps) ||
    !apps.every((a) => typeof a?.appKey === 'string' && typeof a?.appSecret === 'string')
  ) {
    throw new TypeError('Invalid `apps`: expected an array of { appKey, appSecret } strings.');
  }
  if (!(Number.isInteger(tokenLifetimeSeconds) && tokenLifetimeSeconds > 0)) {
    throw new TypeError(
      `Invalid \`tokenLifetimeSeconds\`: expected a positive integer, received ${JSON.stringify(tokenLifetimeSeconds)}.`,
    );
  }
  const spaces = new Map<string, Json>();
  const byId = new Map<string, Json>();
  /** Issued tokens and when they expire (ms since the epoch). */
  const tokens = new Map<string, number>();
  let nextId = 30_000_000_001;

  const handlers: Record<string, (request: MockRequest) => MockAnswer> = {
    getAccessToken({ body, requestId }) {
      const { appKey, appSecret } = body as Json;
      // With no apps configured any credentials sign in, as any token is accepted then.
      if (apps.length && !apps.some((app) => app.appKey === appKey && app.appSecret === appSecret)) {
        // The spec documents this code as this project's assumption.
        return dingtalkError(400, 'invalidClientSecret', 'the appKey or appSecret is wrong', requestId);
      }
      const accessToken = randomHex(16);
      tokens.set(accessToken, Date.now() + tokenLifetimeSeconds * 1_000);
      return { status: 200, body: { accessToken, expireIn: tokenLifetimeSeconds } };
    },
    createSpace({ body, query, requestId }) {
      // The front door filled in the spec's defaults (scene, sceneId, ownerType, capabilities).
      const { option } = body as Json;
      const { scene, sceneId } = option;
      const key = JSON.stringify([scene, sceneId]);
      let space = spaces.get(key);
      if (!space) {
        if (spaces.size >= maxSpaces) {
          // DingTalk's "organization quota used up" answer, which clients do not retry.
          return dingtalkError(
            403,
            'Forbidden.AccessDenied.ApiCountLimitForOrg',
            `the stateful mock holds at most ${maxSpaces} spaces and is full: reset it between tests (mock.reset())`,
            requestId,
          );
        }
        space = newSpace(String(nextId++), query.unionId ?? '', scene, sceneId, option);
        spaces.set(key, space);
        byId.set(space.id, space);
      }
      return { status: 200, body: { space } };
    },
    getSpace({ pathParams, requestId }) {
      const space = byId.get(pathParams.spaceId ?? '');
      if (space) return { status: 200, body: { space } };
      // The spec documents this answer as the project's assumption (DingTalk's documents do not say).
      return dingtalkError(404, 'spaceNotFound', `no space with id ${pathParams.spaceId}`, requestId);
    },
  };

  /** With apps configured, DingTalk's answer to a token it did not issue or that has expired. */
  const refused = ({ operation, headers, requestId }: MockRequest): MockAnswer | undefined => {
    if (!apps.length || !operation.secured) return undefined;
    const token = String(headers[ACCESS_TOKEN_HEADER] ?? '');
    const expiresAt = tokens.get(token);
    if (expiresAt !== undefined && Date.now() < expiresAt) return undefined;
    const why = expiresAt === undefined ? 'was not issued by this mock' : 'has expired';
    return dingtalkError(400, 'InvalidAuthentication', `the access token ${why}`, requestId);
  };

  return {
    answer: (request) =>
      refused(request) ?? handlers[request.operation.operationId]?.(request) ?? firstExample(request),
    reset: () => {
      spaces.clear();
      byId.clear();
      tokens.clear();
    },
    expireTokens: () => {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
  };
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

/** `bytes` random bytes as hex (Web Crypto: the fake also runs in a browser under MSW). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** DingTalk's timestamp shape: minutes precision, UTC (`2022-07-29T14:55Z`). */
function timestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 16)}Z`;
}

function newSpace(id: string, unionId: string, scene: string, sceneId: string, option: Json): Json {
  const { ownerType } = option;
  const now = timestamp();
  const quota: number | bigint | undefined = option.quota;
  return {
    id,
    corpId: CORP_ID,
    creatorId: unionId,
    ownerType,
    ownerId: ownerType === 'APP' ? APP_ID : unionId,
    modifierId: unionId,
    usedQuota: 0,
    ...(quota === undefined ? {} : { quota }),
    status: 'NORMAL',
    createTime: now,
    modifiedTime: now,
    appId: APP_ID,
    scene,
    sceneId,
    capabilities: option.capabilities,
    ...(option.name === undefined ? {} : { name: option.name }),
    partitions: [
      {
        partitionType: 'PUBLIC_OSS_PARTITION',
        quota:
          quota === undefined
            ? { used: 0, type: 'SHARE' }
            : { used: 0, max: quota, reserved: quota, type: 'PRIVATE' },
      },
    ],
  };
}
