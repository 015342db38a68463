// Creating is idempotent per (scene, sceneId): checked on the stateful fake and on a real server.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { type TargetName, targetNames, useTarget } from './targets.js';

const stateful = targetNames.filter((name): name is TargetName => name === 'stateful' || name === 'external');

describe.each(stateful)('%s', (name) => {
  const url = useTarget(name);

  it('the same scene and sceneId return the same space', async () => {
    const { storage } = observedClient(url());
    const option = { scene: 'contract-idempotency', sceneId: randomUUID(), name: 'Once' };
    const first = await storage.createSpace({ unionId: 'u-1', option });
    const second = await storage.createSpace({ unionId: 'u-1', option: { ...option, name: 'Twice' } });
    expect(second.space.id).toBe(first.space.id);
    expect(second.space.createTime).toBe(first.space.createTime);
  });

  it('different sceneIds give different spaces', async () => {
    const { storage } = observedClient(url());
    const ids = await Promise.all(
      ['a', 'b', 'c'].map(async (suffix) => {
        const option = { scene: 'contract-idempotency', sceneId: `${randomUUID()}-${suffix}` };
        return (await storage.createSpace({ unionId: 'u-1', option })).space.id;
      }),
    );
    expect(new Set(ids).size).toBe(3);
  });
});
