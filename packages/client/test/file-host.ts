// A scripted stand-in for DingTalk's upload and download calls and for the object store behind them, on one
// real HTTP server (127.0.0.1, port 0): the API answers sign URLs on the same server under /oss/, with a
// signature in the query and in the headers, as DingTalk's do. It records every request with its raw bytes;
// `onObject` decides how the object store answers each byte leg (default: take the bytes, serve the file).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The signature the fake signs with: no rendering of an error may show it. */
export const SIGNATURE = 'SIGxq3ZbW9v0Lr7sK2mN8pQ4tY6uE1oA';
/** How long the fake's signatures hold (DingTalk's example). */
export const SIGNATURE_LIFETIME_SECONDS = 900;
export const SIGNED_HEADERS = {
  authorization: `OSS4-HMAC-SHA256 Credential=LTAI5tFakeAccessKey/20261130/oss, Signature=${SIGNATURE}`,
  'x-oss-date': '20261130T000000Z',
};

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bytes: Buffer;
}

/** How the object store answers a byte leg: by default as OSS would; return true when it answered itself. */
export type ObjectHandler = (
  request: Received,
  res: ServerResponse,
  req: IncomingMessage,
) => boolean | Promise<boolean>;

export interface FileHost {
  url: string;
  requests: Received[];
  /** The byte legs received (PUT or GET under /oss/). */
  objectRequests(): Received[];
  /** Requests to DingTalk's API, by path suffix. */
  apiRequests(suffix: string): Received[];
  /** The file the download answers: the last single or committed upload, or set it. */
  file: Uint8Array;
  onObject: ObjectHandler | undefined;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startFileHost(): Promise<FileHost> {
  const requests: Received[] = [];
  const parts = new Map<number, Buffer>();
  let single: Buffer | undefined;
  let url = '';
  /** Signing calls answered so far: each URL says which signed it (`Signing=n`). */
  let signings = 0;
  const signed = (path: string) => ({
    resourceUrls: [
      `${url}/oss/${path}?OSSAccessKeyId=LTAI5tFakeAccessKey&Expires=1790000000&Signing=${signings}&Signature=${SIGNATURE}`,
    ],
    headers: SIGNED_HEADERS,
    expirationSeconds: SIGNATURE_LIFETIME_SECONDS,
  });
  const host: FileHost = {
    url: '',
    requests,
    objectRequests: () => requests.filter((r) => r.url.startsWith('/oss/')),
    apiRequests: (suffix) => requests.filter((r) => r.url.split('?')[0]?.endsWith(suffix)),
    file: new Uint8Array(),
    onObject: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bytes: Buffer.concat(chunks),
      };
      requests.push(request);
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/oss/')) {
        if (await host.onObject?.(request, res, req)) return;
        if (request.method === 'PUT') {
          const part = /^\/oss\/part\/(\d+)$/.exec(path)?.[1];
          if (part) parts.set(Number(part), request.bytes);
          else single = request.bytes;
          res.writeHead(200, { etag: '"e"' }).end();
          return;
        }
        const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
        if (range) {
          const start = Number(range[1]);
          const end = range[2] ? Number(range[2]) : host.file.byteLength - 1;
          res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${host.file.byteLength}` });
          res.end(host.file.subarray(start, end + 1));
        } else res.writeHead(200, { 'content-length': String(host.file.byteLength) }).end(host.file);
        return;
      }
      const body = request.bytes.length ? JSON.parse(request.bytes.toString('utf8')) : {};
      if (/\/(files\/uploadInfos|multiPartUploadInfos)\/query$/.test(path)) signings++;
      if (path.endsWith('/files/uploadInfos/query'))
        json(res, 200, { uploadKey: 'single-key', headerSignatureInfo: signed('single') });
      else if (path.endsWith('/multiPartUploadInfos/init')) {
        parts.clear();
        json(res, 200, { uploadKey: 'multi-key' });
      } else if (path.endsWith('/multiPartUploadInfos/query'))
        json(res, 200, {
          multipartHeaderSignatureInfos: body.partNumbers.map((partNumber: number) => ({
            partNumber,
            headerSignatureInfo: signed(`part/${partNumber}`),
          })),
        });
      else if (path.endsWith('/files/commit')) {
        const bytes =
          body.uploadKey === 'single-key'
            ? (single ?? Buffer.alloc(0))
            : Buffer.concat([...parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part));
        host.file = bytes;
        json(res, 200, { dentry: { id: 'dentry-1', name: body.name, size: bytes.byteLength, type: 'FILE' } });
      } else if (path.endsWith('/downloadInfos/query'))
        json(res, 200, { headerSignatureInfo: signed('file') });
      else json(res, 404, { code: 'notFound', message: `no route ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host.url = url;
  return host;
}

/** The parts received, by part number (the last PUT of each). */
export function partsOf(host: FileHost): Map<number, Buffer> {
  const parts = new Map<number, Buffer>();
  for (const r of host.objectRequests()) {
    const part = /^\/oss\/part\/(\d+)/.exec(r.url)?.[1];
    if (r.method === 'PUT' && part) parts.set(Number(part), r.bytes);
  }
  return parts;
}
