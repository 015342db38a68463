// The stateful fake behind the front door: small state handlers for the operations whose semantics the
// spec cannot state (getAccessToken: tokens for configured apps, with a lifetime; createSpace: the same
// (scene, sceneId) returns the same space, option fields echoed exactly, int64 quotas included; getSpace:
// what createSpace made, by id). With apps configured, a storage call needs a token the fake issued
// (token-service.ts). The state is bounded and resettable. The front door has already routed,
// authenticated and validated each request; an operation without a handler answers its spec's first 2xx
// example, so a new operation works on day one and adding one stays a spec edit.
import type { OperationId, OperationPathParams, OperationQuery } from '@dingtalk-storage/types';
import { ACCESS_TOKEN_HEADER, dingtalkError, type MockAnswer, type MockRequest } from './front-door.js';
import {
  createTokenService,
  type MockApp,
  SIGN_IN_FAILURE_LIMIT,
  SIGN_IN_FAILURE_WINDOW_MS,
} from './token-service.js';

export type { MockApp };

const CORP_ID = 'dingmockcorp0000000000000000';
const APP_ID = '5000123';
/** The default cap on stored spaces (about 15 MiB): a test suite that never resets cannot grow without end. */
export const DEFAULT_MAX_SPACES = 10_000;

// biome-ignore lint/suspicious/noExplicitAny: request bodies are valid against the spec by now.
type Json = any;

/** A request for operation K: its parameters, valid and decoded by the front door, typed as the spec types them. */
type RequestFor<K extends OperationId> = Omit<MockRequest, 'pathParams' | 'query'> & {
  pathParams: OperationPathParams<K>;
  query: OperationQuery<K>;
};
type Handler<K extends OperationId> = (request: RequestFor<K>) => MockAnswer | Promise<MockAnswer>;
/**
 * The operations with state, each with its handler typed by its operation (a name the spec does not have
 * does not compile); every other operation answers its spec's first 2xx example, so adding an operation
 * stays a spec edit.
 */
type HandlerTable = { [K in OperationId]?: Handler<K> };

export interface StatefulFake {
  answer(request: MockRequest): MockAnswer | Promise<MockAnswer>;
  /** Forgets every space and every issued token. */
  reset(): void;
  /**
   * Makes every token issued so far expire now: the next call with one gets 400 InvalidAuthentication.
   * Returns how many were live.
   */
  expireTokens(): number;
}

export interface StatefulFakeOptions {
  maxSpaces?: number;
  /** Apps whose credentials getAccessToken accepts; with any, storage calls need a token it issued. */
  apps?: MockApp[];
  /** The `expireIn` of issued tokens, in seconds: 1 to MAX_TOKEN_LIFETIME_SECONDS. Default 7200, as DingTalk's. */
  tokenLifetimeSeconds?: number;
}

/** @param clock.now the token service's clock (tests step it); default `Date.now`. */
export function createStatefulFake(
  { maxSpaces = DEFAULT_MAX_SPACES, apps, tokenLifetimeSeconds }: StatefulFakeOptions = {},
  clock: { now?: () => number } = {},
): StatefulFake {
  if (!Number.isInteger(maxSpaces) || maxSpaces < 1) {
    throw new TypeError(
      `Invalid \`maxSpaces\`: expected an integer >= 1, received ${JSON.stringify(maxSpaces)}.`,
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
  const spaces = new Map<string, Json>();
  const byId = new Map<string, Json>();
  let nextId = 30_000_000_001;

  const handlers = {
    // With no apps configured any credentials sign in, as any token is accepted then.
    async getAccessToken({ body, requestId }) {
      const { appKey, appSecret } = body as Json;
      const signedIn = await tokens.signIn(appKey, appSecret);
      if ('accessToken' in signedIn) return { status: 200, body: signedIn };
      if (signedIn.refused === 'rate limited') {
        // DingTalk's rate limit answer, which clients back off from; the limit is this project's assumption.
        return dingtalkError(
          403,
          'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
          `${SIGN_IN_FAILURE_LIMIT} wrong secrets for this appKey within ${SIGN_IN_FAILURE_WINDOW_MS / 1_000} s: sign-ins are refused for a while`,
          requestId,
        );
      }
      // The spec documents this code as this project's assumption.
      return dingtalkError(400, 'invalidClientSecret', 'the appKey or appSecret is wrong', requestId);
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
        space = newSpace(String(nextId++), query.unionId, scene, sceneId, option);
        spaces.set(key, space);
        byId.set(space.id, space);
      }
      return { status: 200, body: { space } };
    },
    getSpace({ pathParams, requestId }) {
      const space = byId.get(pathParams.spaceId);
      if (space) return { status: 200, body: { space } };
      // The spec documents this answer as the project's assumption (DingTalk's documents do not say).
      return dingtalkError(404, 'spaceNotFound', `no space with id ${pathParams.spaceId}`, requestId);
    },
  } satisfies HandlerTable;

  /** The operation's handler; its spec's first 2xx example when it has none. */
  const handle = (request: MockRequest): MockAnswer | Promise<MockAnswer> => {
    const handler = (handlers as HandlerTable)[request.operation.operationId as OperationId];
    if (handler === undefined) return firstExample(request);
    // The front door decoded and validated the parameters by this operation's schemas.
    return (handler as Handler<OperationId>)(request as RequestFor<OperationId>);
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
      spaces.clear();
      byId.clear();
      tokens = newTokenService();
    },
    expireTokens: () => tokens.expireAll(),
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
