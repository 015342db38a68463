// Issue 24, flow 5: commitFile with OVERWRITE makes version 2 of the same file; listDentryVersions shows both;
// revertDentryVersion(1) appends version 3, whose bytes are version 1's.
import { describe, expect, it } from 'vitest';
import { sha256, testBytes } from './bytes.js';
import { createSpace, downloadFile, uploadFile } from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { storage, UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();

describe('file versions', () => {
  it('OVERWRITE makes version 2, both are listed and readable, a revert to 1 makes version 3 with version 1 bytes', async () => {
    const { sdk } = emulator;
    const { client, headers, runtime } = sdk;
    const space = await createSpace(sdk, { sceneId: 'versions' });
    const first = testBytes(4_000, 'version 1');
    const second = testBytes(6_000, 'version 2');

    const v1 = await uploadFile(sdk, space.id, { name: 'plan.docx', bytes: first });
    expect(v1.version).toBe(1);
    const v2 = await uploadFile(sdk, space.id, {
      name: 'plan.docx',
      bytes: second,
      conflictStrategy: 'OVERWRITE',
    });
    expect(v2).toMatchObject({
      id: v1.id,
      uuid: v1.uuid,
      name: 'plan.docx',
      version: 2,
      size: second.length,
    });
    const id = v1.id as string;

    const listed = await client.listDentryVersionsWithOptions(
      space.id,
      id,
      new storage.ListDentryVersionsRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    const versions = listed.body?.dentries ?? [];
    expect(versions.map((dentry) => [dentry.version, dentry.size]).sort()).toEqual([
      [1, first.length],
      [2, second.length],
    ]);
    expect(versions.every((dentry) => dentry.id === id)).toBe(true);
    expect(sha256(await downloadFile(sdk, space.id, id, 1))).toBe(sha256(first));
    expect(sha256(await downloadFile(sdk, space.id, id))).toBe(sha256(second));

    const reverted = await client.revertDentryVersionWithOptions(
      space.id,
      id,
      '1',
      new storage.RevertDentryVersionRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect(reverted.body?.success).toBe(true);

    const current = await client.getDentryWithOptions(
      space.id,
      id,
      new storage.GetDentryRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect(current.body?.dentry).toMatchObject({ id, version: 3, size: first.length });
    expect(sha256(await downloadFile(sdk, space.id, id))).toBe(sha256(first));
    expect(sha256(await downloadFile(sdk, space.id, id, 3))).toBe(sha256(first));
    expect(sha256(await downloadFile(sdk, space.id, id, 2))).toBe(sha256(second));

    const relisted = await client.listDentryVersionsWithOptions(
      space.id,
      id,
      new storage.ListDentryVersionsRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    expect((relisted.body?.dentries ?? []).map((dentry) => dentry.version).sort()).toEqual([1, 2, 3]);
  });
});
