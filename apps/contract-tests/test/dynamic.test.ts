// Prism's dynamic mode: random answers that satisfy the spec all parse through the client and validate.
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { useTarget } from './targets.js';

// Not run against CONTRACT_BASE_URL (see vitest.config.ts): only Prism generates random answers.
describe('dynamic', () => {
  const url = useTarget('dynamic');

  it('100 random 200 answers parse and validate', async () => {
    const { storage, seen } = observedClient(url());
    const ids = new Set<unknown>();
    for (let i = 0; i < 100; i++) {
      const { space } = await storage.createSpace({ unionId: 'u-dyn', option: { sceneId: String(i) } });
      expect(typeof space).toBe('object');
      ids.add(JSON.stringify(space));
    }
    expect(seen).toHaveLength(100);
    // Random data, not one canned example.
    expect(ids.size).toBeGreaterThan(50);
  });
});
