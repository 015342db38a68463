// A small fake of DingTalk that keeps state, for what Prism cannot do: the same (scene, sceneId) returns
// the same space, option fields are echoed, invalid input gets the spec's 400 paramError* naming the field,
// and a missing token gets 400 InvalidAuthentication. Its answers are checked against the spec by the
// contract suite.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from './prism-server.js';
import { SPACES_PATH } from './spec.js';
import { createSpecValidator, type SpecViolation } from './spec-validator.js';

const CORP_ID = 'dingmockcorp0000000000000000';
const APP_ID = '5000123';
const MAX_BODY_BYTES = 1_000_000;

// biome-ignore lint/suspicious/noExplicitAny: request bodies are checked against the spec before use.
type Json = any;

export async function startStatefulServer({
  host,
  port,
}: {
  host: string;
  port: number;
}): Promise<RunningServer> {
  const validator = createSpecValidator();
  const spaces = new Map<string, Json>();
  let nextId = 30_000_000_001;

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const requestId = randomUUID().toUpperCase();
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-acs-request-id': requestId });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, code: string, message: string) =>
      send(status, { code, message, requestid: requestId });

    const url = new URL(req.url ?? '/', 'http://mock');
    if (url.pathname !== SPACES_PATH) return fail(404, 'notFound', `no API at ${url.pathname}`);
    if (req.method !== 'POST') return fail(405, 'methodNotAllowed', `${url.pathname} only accepts POST`);
    if (!req.headers['x-acs-dingtalk-access-token']) {
      return fail(400, 'InvalidAuthentication', 'missing x-acs-dingtalk-access-token header');
    }
    const unionId = url.searchParams.get('unionId');
    if (!unionId)
      return fail(400, 'paramError', 'unionId is required: pass the operator unionId as a query parameter');

    let body: Json;
    try {
      body = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return fail(400, 'paramError', 'the request body must be JSON: {"option":{...}}');
    }
    const problems = validator.request(body);
    if (problems[0]) return fail(400, codeFor(problems[0]), describe(problems));

    const option = body.option ?? {};
    const scene: string = option.scene ?? 'default';
    const sceneId: string = option.sceneId ?? '0';
    const key = JSON.stringify([scene, sceneId]);
    let space = spaces.get(key);
    if (!space) {
      space = newSpace(String(nextId++), unionId, scene, sceneId, option);
      spaces.set(key, space);
    }
    send(200, { space });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'paramError', message: `the body exceeds ${MAX_BODY_BYTES} bytes` }));
        return;
      }
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** paramError.name / .scene / .sceneId when the problem is in that field, else paramError. */
function codeFor(problem: SpecViolation): string {
  const field = /^option\.(name|scene|sceneId)$/.exec(problem.path)?.[1];
  return field ? `paramError.${field}` : 'paramError';
}

function describe(problems: SpecViolation[]): string {
  return problems.map((p) => `${p.path || 'body'} ${p.message}`).join('; ');
}

/** DingTalk's timestamp shape: minutes precision, UTC (`2022-07-29T14:55Z`). */
function timestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 16)}Z`;
}

function newSpace(id: string, unionId: string, scene: string, sceneId: string, option: Json): Json {
  const ownerType = option.ownerType ?? 'USER';
  const now = timestamp();
  const quota: number | undefined = option.quota;
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
    capabilities: {
      canSearch: option.capabilities?.canSearch ?? false,
      canRename: option.capabilities?.canRename ?? false,
      canRecordRecentFile: option.capabilities?.canRecordRecentFile ?? false,
    },
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
