// Prism, in-process, on the bundled spec, doing what it is good at: answers from the named examples (or
// random valid data), and, as a proxy, judging a real server's answers against the spec. The HTTP server
// around it is ours (http.ts): requests reach Prism through the front door (mock) or are forwarded as they
// came (proxy). This module loads Prism's module graph, so it is imported only when a Prism mode starts.
import { Writable } from 'node:stream';
import { createLogger } from '@stoplight/prism-core';
import {
  createInstance,
  getHttpOperationsFromSpec,
  type IHttpConfig,
  type IHttpRequest,
  type IHttpResponse,
  ProblemJsonError,
} from '@stoplight/prism-http';
import { type Backend, dingtalkError, type Prefer } from './front-door.js';
import { loadSpec, type SpecOperation } from './spec.js';

/** DiagnosticSeverity.Error of @stoplight/types: a violation that breaks the spec. */
const SEVERITY_ERROR = 0;

const silent = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function prismFor(log: NodeJS.WritableStream | undefined) {
  const operations = await getHttpOperationsFromSpec(structuredClone(loadSpec()));
  const logger = createLogger('dingtalk-storage-mock', undefined, log ?? silent());
  return { operations, prism: createInstance({} as IHttpConfig, { logger }) };
}

const judgeOnly = {
  // The front door (mock) or the server under test (proxy) deals with requests; Prism judges answers.
  checkSecurity: false,
  validateRequest: false,
  validateResponse: true,
  errors: true,
  upstreamProxy: undefined,
} as const;

/** A backend that answers from the spec's examples (or, `dynamic`, random valid data), as `Prefer` asks. */
export async function prismBackend({
  dynamic,
  log,
}: {
  dynamic: boolean;
  log?: NodeJS.WritableStream;
}): Promise<Backend> {
  const { prism, operations } = await prismFor(log);
  return async (request) => {
    const fail = (message: string) => dingtalkError(400, 'paramError', message, request.requestId);
    const prefer = parsePrefer(request.prefer);
    if (typeof prefer === 'string') return fail(prefer);
    const unknown = unknownPreference(request.operation, prefer);
    if (unknown) return fail(unknown);
    const input: IHttpRequest = {
      method: request.operation.method.toLowerCase() as IHttpRequest['method'],
      // As the request arrived: Prism reads the URL's own text, not the front door's decoded values.
      url: { path: request.path, query: request.rawQuery },
      headers: request.headers as Record<string, string>,
      // Prism never echoes the body; BigInts (exact int64s) only need to be numbers for it.
      ...(request.body !== undefined && {
        body: JSON.parse(JSON.stringify(request.body, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))),
      }),
    };
    const config: IHttpConfig = {
      ...judgeOnly,
      isProxy: false,
      mock: {
        dynamic: prefer.dynamic ?? dynamic,
        ...(prefer.code !== undefined && { code: prefer.code }),
        ...(prefer.example !== undefined && { exampleKey: prefer.example }),
      },
    };
    const result = await prism.request(input, operations, config)();
    if (result._tag === 'Left') {
      return dingtalkError(
        500,
        'systemError',
        `Prism could not answer: ${result.left.message}`,
        request.requestId,
      );
    }
    const { output, validations } = result.right;
    const broken = validations.output.filter((v) => v.severity === SEVERITY_ERROR);
    if (broken.length) {
      const detail = broken.map((v) => `${(v.path ?? []).join('.')} ${v.message}`).join('; ');
      return dingtalkError(
        500,
        'systemError',
        `the spec's own answer breaks the spec: ${detail}`,
        request.requestId,
      );
    }
    return { status: output.statusCode, body: output.body };
  };
}

/** `Prefer: code=400, example=paramError.name, dynamic=true`, or a message saying what is wrong with it. */
export function parsePrefer(header: string | undefined): Prefer | string {
  const prefer: Prefer = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    if (!key) continue;
    if (key === 'code' && /^\d{3}$/.test(value)) prefer.code = Number(value);
    else if (key === 'example' && value) prefer.example = value.replace(/^"(.*)"$/, '$1');
    else if (key === 'dynamic' && (value === 'true' || value === 'false')) prefer.dynamic = value === 'true';
    else
      return `Prefer: "${part.trim().slice(0, 100)}" is not one of code=<status>, example=<name>, dynamic=true|false`;
  }
  return prefer;
}

/** Why the operation cannot give what `prefer` asks for, naming what it can; undefined when it can. */
function unknownPreference(operation: SpecOperation, prefer: Prefer): string | undefined {
  const statuses = [...operation.responses.keys()];
  const status = prefer.code ?? statuses.find((s) => s < 300);
  const response = status === undefined ? undefined : operation.responses.get(status);
  if (!response) {
    return `Prefer: code=${prefer.code} is not a documented answer of ${operation.operationId}; it documents ${statuses.join(', ')}`;
  }
  // Its own examples only: `toString` or `__proto__` is no example, though every object inherits one.
  if (prefer.example !== undefined && !Object.hasOwn(response.examples, prefer.example)) {
    const names = Object.keys(response.examples);
    return `Prefer: HTTP ${status} of ${operation.operationId} has no example "${prefer.example.slice(0, 100)}"; it has ${names.join(', ') || 'none'}`;
  }
  return undefined;
}

/** What the validating proxy does with one request: forward it upstream and judge the answer. */
export type Forward = (input: IHttpRequest) => Promise<IHttpResponse & { problem?: boolean }>;

/** Prism as a proxy to `upstream`: the answer as it came, or a problem+json 500 listing its violations. */
export async function prismForward(upstream: string, log?: NodeJS.WritableStream): Promise<Forward> {
  const { prism, operations } = await prismFor(log);
  const config: IHttpConfig = {
    ...judgeOnly,
    isProxy: true,
    upstream: new URL(upstream),
    mock: { dynamic: false },
  };
  return async (input) => {
    const result = await prism.request(input, operations, config)();
    if (result._tag === 'Left') {
      const error = result.left as ProblemJsonError;
      return { statusCode: error.status ?? 502, body: ProblemJsonError.toProblemJson(error), problem: true };
    }
    const { output, validations } = result.right;
    const broken = validations.output.filter((v) => v.severity === SEVERITY_ERROR);
    if (!broken.length) return output;
    const problem = ProblemJsonError.toProblemJson(
      ProblemJsonError.fromTemplate(
        { type: 'VIOLATIONS', title: 'Request/Response not valid', status: 500 },
        'The answer of the server under test breaks the spec.',
        {
          validation: broken.map((v) => ({
            location: ['response', ...(v.path ?? [])],
            severity: 'Error',
            code: v.code,
            message: v.message,
          })),
        },
      ),
    );
    return { statusCode: 500, body: problem, problem: true };
  };
}
