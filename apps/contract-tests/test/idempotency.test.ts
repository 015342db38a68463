// A semantic flow, not a generated case: creating is idempotent per (scene, sceneId), and only per that
// pair, as createSpace's description says and its `x-idempotent` marks; checked on the stateful fake and
// on a real server. Each case tells a correct server from one keyed wrongly (on sceneId alone, per
// operator, …). It names createSpace and getSpace because the flow is theirs.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { observedClient } from './observed.js';
import { operations } from './spec.js';
import { type TargetName, targetNames, useTarget } from './targets.js';

const stateful = targetNames.filter((name): name is TargetName => name === 'stateful' || name === 'external');

describe.each(stateful)('%s', (name) => {
  const url = useTarget(name);

  it('the spec marks createSpace idempotent (x-idempotent), as these cases assume', () => {
    expect(operations.find((op) => op.operationId === 'createSpace')?.idempotent).toBe(true);
  });

  it('the same scene and sceneId return the same space', async () => {
    const { storage } = observedClient(url());
    const option = { scene: 'contract-idempotency', sceneId: randomUUID(), name: 'Once' };
    const first = await storage.createSpace({ unionId: 'u-1', option });
    const second = await storage.createSpace({ unionId: 'u-1', option: { ...option, name: 'Twice' } });
    expect(second.space.id).toBe(first.space.id);
    expect(second.space.createTime).toBe(first.space.createTime);
  });

  it('the same sceneId in another scene is another space', async () => {
    const { storage } = observedClient(url());
    const sceneId = randomUUID();
    const a = await storage.createSpace({ unionId: 'u-1', option: { scene: 'contract-scene-a', sceneId } });
    const b = await storage.createSpace({ unionId: 'u-1', option: { scene: 'contract-scene-b', sceneId } });
    expect(b.space.id).not.toBe(a.space.id);
  });

  it('another operator (unionId) gets the same space for the same scene and sceneId', async () => {
    const { storage } = observedClient(url());
    const option = { scene: 'contract-idempotency', sceneId: randomUUID() };
    const first = await storage.createSpace({ unionId: 'u-first', option });
    const second = await storage.createSpace({ unionId: 'u-second', option });
    expect(second.space.id).toBe(first.space.id);
  });

  it('getSpace returns the space createSpace made (the round trip of the two state handlers)', async () => {
    const { storage } = observedClient(url());
    const { space } = await storage.createSpace({
      unionId: 'u-1',
      option: { scene: 'contract-round-trip', sceneId: randomUUID(), name: 'Round trip' },
    });
    const fetched = await storage.getSpace({ spaceId: space.id ?? '', unionId: 'u-1' });
    expect(fetched.space).toEqual(space);
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
