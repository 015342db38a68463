// The MSW handlers stop reading a body at MAX_BODY_BYTES, as the server does: a 40 MB upload is answered
// 400 without being read to its end.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/index.js';
import { createMockHandlers } from '../src/msw.js';

const mock = createMockHandlers();
const interceptor = setupServer(...mock.handlers);
beforeAll(() => interceptor.listen({ onUnhandledRequest: 'error' }));
afterAll(() => interceptor.close());

const CHUNK_BYTES = 65_536;

/** An upload of `totalBytes` made chunk by chunk as it is read, counting how much was read. */
function countedUpload(totalBytes: number) {
  const upload = { pulled: 0, stream: undefined as unknown as ReadableStream<Uint8Array> };
  upload.stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (upload.pulled >= totalBytes) return controller.close();
        upload.pulled += CHUNK_BYTES;
        controller.enqueue(new Uint8Array(CHUNK_BYTES).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return upload;
}

const createSpace = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch('https://api.dingtalk.io/v1.0/storage/spaces?unionId=u-1', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

it('a 40 MB upload is read no further than MAX_BODY_BYTES and answered 400 paramError', async () => {
  const upload = countedUpload(40 * MAX_BODY_BYTES);
  const response = await createSpace(upload.stream);
  expect(response.status).toBe(400);
  expect((await response.json()).message).toContain(`exceeds ${MAX_BODY_BYTES} bytes`);
  // A chunk or two may be read ahead of the limit, never the rest of the upload.
  expect(upload.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * CHUNK_BYTES);
  expect(mock.requests.at(-1)).toMatchObject({ operationId: 'createSpace', status: 400 });
});

it('a body of exactly MAX_BODY_BYTES is read whole', async () => {
  const body = `{"option":{"name":"x"}}`.padEnd(MAX_BODY_BYTES, ' ');
  const response = await createSpace(body);
  expect(response.status).toBe(200);
  expect(mock.requests.at(-1)).toMatchObject({ status: 200, bodyBytes: MAX_BODY_BYTES });
});
