// The vitest globalSetup with options of one's own (`mockGlobalSetup`): it starts the mock asked for, provides
// its URL under the name the fixture reads, and its teardown stops it. (The two-line recipe itself runs in
// packed-consumer.test.ts, in a project of its own.)
import { connectMock } from '@dingtalk-storage/mock';
import { mockGlobalSetup } from '@dingtalk-storage/mock/vitest-setup';
import { expect, it } from 'vitest';
import { sendExample } from './spec.js';

it('starts the mode asked for, provides its URL as dingtalkMockUrl, and stops it on teardown', async () => {
  const provided = new Map<string, unknown>();
  const teardown = await mockGlobalSetup({ mode: 'prism' })({
    provide: (key: string, value: unknown) => provided.set(key, value),
  } as never);
  const url = String(provided.get('dingtalkMockUrl'));
  // Prism mode answers a named example on request; the stateful fake would refuse the Prefer header.
  const response = await sendExample(url, 'createSpace', { prefer: 'code=400, example=paramError.name' });
  expect(response.status).toBe(400);
  expect((await connectMock(url).requests()).map((r) => r.status)).toEqual([400]);
  await teardown();
  await expect(fetch(url)).rejects.toThrow();
});
