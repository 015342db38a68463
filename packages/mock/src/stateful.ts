// The stateful fake behind the front door: small state handlers for the operations whose semantics the
// spec cannot state (createSpace: the same (scene, sceneId) returns the same space, option fields echoed
// exactly, int64 quotas included; getSpace: what createSpace made, by id). The state is bounded and
// resettable. The front door has already routed, authenticated and validated each request; an operation
// without a handler answers its spec's first 2xx example, so a new operation works on day one.
import { dingtalkError, type MockAnswer, type MockRequest } from './front-door.js';

const CORP_ID = 'dingmockcorp0000000000000000';
const APP_ID = '5000123';
/** The default cap on stored spaces (about 15 MiB): a test suite that never resets cannot grow without end. */
export const DEFAULT_MAX_SPACES = 10_000;

// biome-ignore lint/suspicious/noExplicitAny: request bodies are valid against the spec by now.
type Json = any;

export interface StatefulFake {
  answer(request: MockRequest): MockAnswer;
  /** Forgets every space. */
  reset(): void;
}

export function createStatefulFake({ maxSpaces = DEFAULT_MAX_SPACES } = {}): StatefulFake {
  const spaces = new Map<string, Json>();
  const byId = new Map<string, Json>();
  let nextId = 30_000_000_001;

  const handlers: Record<string, (request: MockRequest) => MockAnswer> = {
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

  return {
    answer: (request) => handlers[request.operation.operationId]?.(request) ?? firstExample(request),
    reset: () => {
      spaces.clear();
      byId.clear();
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
