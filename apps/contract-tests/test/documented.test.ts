// Every documented status, through @dingtalk-storage/client: successes parse to typed data, errors become
// StorageApiError with the documented status and code. Every answer is checked against the spec.
import { StorageApiError } from '@dingtalk-storage/client';
import { listExamples } from '@dingtalk-storage/mock';
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { isPrism, targetNames, useTarget } from './targets.js';

describe.each(targetNames)('%s', (name) => {
  const url = useTarget(name);

  it('creates a space: a typed 200 body', async () => {
    const { storage } = observedClient(url());
    const { space } = await storage.createSpace({
      unionId: 'u-1',
      option: {
        name: 'Contracts',
        scene: 'contract-suite',
        sceneId: '1',
        ownerType: 'APP',
        quota: 1_073_741_824,
      },
    });
    expect(typeof space).toBe('object');
  });

  // Prism answers any documented example on request; other servers are driven to each error they can show.
  if (isPrism(name)) {
    it.each(listExamples().map((e) => [`${e.status} ${e.example}`, e] as const))(
      'Prefer %s',
      async (_, example) => {
        const { storage } = observedClient(url(), {
          headers: { prefer: `code=${example.status}, example=${example.example}` },
        });
        const call = storage.createSpace({ unionId: 'u-1', option: { name: 'Contracts' } });
        if (example.status === 200) {
          expect((await call).space).toEqual(expect.any(Object));
        } else {
          const error = await call.catch((e: unknown) => e);
          expect(error).toBeInstanceOf(StorageApiError);
          expect(error).toMatchObject({ status: example.status });
          // Named examples carry their code; dynamic mode generates any valid body instead.
          if (name === 'prism') expect(error).toMatchObject({ code: example.example });
        }
      },
    );
  } else {
    it.each([
      ['paramError.name', { name: 'x'.repeat(256) }],
      ['paramError.scene', { scene: 'x'.repeat(129) }],
      ['paramError.sceneId', { sceneId: 'x'.repeat(129) }],
      ['paramError', { quota: -1 }],
    ])('400 %s', async (code, option) => {
      const { storage } = observedClient(url());
      const error = await storage.createSpace({ unionId: 'u-1', option }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageApiError);
      expect(error).toMatchObject({ status: 400, code, retryable: false });
    });
  }
});
