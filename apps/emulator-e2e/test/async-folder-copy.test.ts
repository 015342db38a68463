// Issue 24, flow 7: copying a folder with children answers async: true and a taskId; getTask reaches SUCCESS,
// and the copy holds the children (a subfolder's too), bytes and all.
import { describe, expect, it } from 'vitest';
import { sha256, testBytes } from './bytes.js';
import {
  addFolder,
  createSpace,
  downloadFile,
  findByName,
  listFolder,
  uploadFile,
  waitForTask,
} from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { storage, UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();

describe('an async folder copy', () => {
  it('answers async + taskId, getTask reaches SUCCESS, and the copied children are listed', async () => {
    const { sdk } = emulator;
    const { client, headers, runtime } = sdk;
    const space = await createSpace(sdk, { sceneId: 'async-copy' });
    const project = await addFolder(sdk, space.id, 'project');
    const specs = await addFolder(sdk, space.id, 'specs', project.id);
    const readme = testBytes(1_200, 'readme');
    const design = testBytes(3_400, 'design');
    await uploadFile(sdk, space.id, { name: 'README.md', bytes: readme, parentId: project.id });
    await uploadFile(sdk, space.id, { name: 'design.pdf', bytes: design, parentId: specs.id });
    const backups = await addFolder(sdk, space.id, 'backups');

    const copied = await client.copyDentryWithOptions(
      space.id,
      project.id as string,
      new storage.CopyDentryRequest({
        unionId: UNION_ID,
        targetSpaceId: space.id,
        targetFolderId: backups.id,
      }),
      headers,
      runtime,
    );
    expect(copied.body?.async).toBe(true);
    const taskId = copied.body?.taskId;
    expect(taskId).toBeTruthy();

    const task = await waitForTask(sdk, taskId as string);
    expect(task).toMatchObject({ id: taskId, status: 'SUCCESS' });

    const copy = await findByName(sdk, space.id, 'project', backups.id);
    expect(copy.id).not.toBe(project.id);
    expect(
      (await listFolder(sdk, space.id, copy.id)).map((dentry) => [dentry.name, dentry.type]).sort(),
    ).toEqual([
      ['README.md', 'FILE'],
      ['specs', 'FOLDER'],
    ]);
    const copiedReadme = await findByName(sdk, space.id, 'README.md', copy.id);
    const copiedSpecs = await findByName(sdk, space.id, 'specs', copy.id);
    const copiedDesign = await findByName(sdk, space.id, 'design.pdf', copiedSpecs.id);
    expect(sha256(await downloadFile(sdk, space.id, copiedReadme.id as string))).toBe(sha256(readme));
    expect(sha256(await downloadFile(sdk, space.id, copiedDesign.id as string))).toBe(sha256(design));

    // The original is untouched.
    expect((await listFolder(sdk, space.id, project.id)).map((dentry) => dentry.name).sort()).toEqual([
      'README.md',
      'specs',
    ]);
  });
});
