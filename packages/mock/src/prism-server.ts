// Prism, in-process, on the bundled spec: answers from the named examples (or, `dynamic`, random valid
// data), validates requests and security, and turns a response that breaks the spec into an error.
import { Writable } from 'node:stream';
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec, type IHttpConfig } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { loadSpec } from './spec.js';

export interface PrismOptions {
  host: string;
  port: number;
  /** Random valid data instead of the named examples. */
  dynamic?: boolean;
  /** Proxy to this server instead of mocking, validating its requests and responses against the spec. */
  upstream?: string;
  /** Where Prism's log lines go; silent by default. */
  log?: NodeJS.WritableStream;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const silent = () => new Writable({ write: (_chunk, _encoding, done) => done() });

export async function startPrism(options: PrismOptions): Promise<RunningServer> {
  const operations = await getHttpOperationsFromSpec(structuredClone(loadSpec()));
  // As a proxy, every request reaches the server under test (which must refuse bad ones itself); only the
  // answers are judged.
  const mocking = !options.upstream;
  const common = {
    checkSecurity: mocking,
    validateRequest: mocking,
    validateResponse: true,
    // A response that breaks the spec (its own example, or the upstream's answer) becomes a 500 naming the
    // violations, never a silent pass.
    errors: true,
    upstreamProxy: undefined,
    mock: { dynamic: options.dynamic ?? false },
  };
  const config: IHttpConfig = options.upstream
    ? { ...common, isProxy: true, upstream: new URL(options.upstream) }
    : { ...common, isProxy: false };
  const server = createServer(operations, {
    cors: true,
    config,
    components: { logger: createLogger('dingtalk-storage-mock', undefined, options.log ?? silent()) },
  });
  const url = await server.listen(options.port, options.host);
  return { url: url.replace('0.0.0.0', '127.0.0.1'), close: () => server.close() };
}
