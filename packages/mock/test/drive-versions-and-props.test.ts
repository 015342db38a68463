// File versions and app properties. A commit with OVERWRITE (or overwriteDentryId) adds a version, every
// version kept and counted in usedQuota; a revert appends a version with the old bytes; an unknown version
// is 404 versionNotFound. An app sets at most MAX_APP_PROPERTIES properties on a dentry, updates them by
// name, deletes them by name, and reads them where it asks for them (appIdsForAppProperties).
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../src/drive/answers.js';
import { MAX_APP_PROPERTIES } from '../src/index.js';
import { createTestDrive, expectRefusal, OWNER, type TestDrive } from './drive.js';

let drive: TestDrive;
beforeAll(() => {
  drive = createTestDrive();
});

const CONTENTS = ['one', 'second', 'the third'];

/** A file with a version per CONTENTS entry, made by commits with OVERWRITE. */
async function versioned() {
  const spaceId = await drive.space();
  let file = await drive.upload(spaceId, 'notes.txt', CONTENTS[0] as string);
  for (const content of CONTENTS.slice(1)) {
    file = await drive.upload(spaceId, 'notes.txt', content, { conflictStrategy: 'OVERWRITE' });
  }
  return { spaceId, file };
}

const versionsOf = async (spaceId: string, dentryId: string) => {
  const { dentries } = await drive.storage.listDentryVersions({ spaceId, dentryId, unionId: OWNER });
  return (dentries ?? []).map((d) => [d.version, d.size]);
};

const sum = (texts: string[]) => texts.reduce((total, text) => total + text.length, 0);

describe('versions', () => {
  it('OVERWRITE adds a version: every one listed, downloadable and counted in usedQuota', async () => {
    const { spaceId, file } = await versioned();
    expect(file).toMatchObject({ version: CONTENTS.length, size: (CONTENTS.at(-1) as string).length });
    expect(await versionsOf(spaceId, file.id)).toEqual(
      CONTENTS.map((content, i) => [i + 1, content.length]).reverse(),
    );
    for (const [i, content] of CONTENTS.entries()) {
      expect(await drive.download(spaceId, file.id, i + 1)).toBe(content);
    }
    expect(await drive.download(spaceId, file.id)).toBe(CONTENTS.at(-1));
    expect(await drive.usedQuota(spaceId)).toBe(sum(CONTENTS));
  });

  it('commitFile with overwriteDentryId adds a version to that file, whatever the name given', async () => {
    const { spaceId, file } = await versioned();
    const info = await drive.storage.getFileUploadInfo({
      spaceId,
      unionId: OWNER,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
    });
    const put = await drive.fetch(info.headerSignatureInfo?.resourceUrls?.[0] ?? '', {
      method: 'PUT',
      headers: info.headerSignatureInfo?.headers ?? {},
      body: 'fourth',
    });
    expect(put.status).toBe(200);
    const { dentry } = await drive.storage.commitFile({
      spaceId,
      unionId: OWNER,
      uploadKey: info.uploadKey ?? '',
      name: 'another-name.txt',
      parentId: '0',
      overwriteDentryId: file.id,
    });
    expect(dentry).toMatchObject({ id: file.id, name: 'notes.txt', version: CONTENTS.length + 1, size: 6 });
    expect(await drive.download(spaceId, file.id)).toBe('fourth');
  });

  it('a revert appends a version with the old bytes (and their size), counted again', async () => {
    const { spaceId, file } = await versioned();
    const answer = await drive.storage.revertDentryVersion({
      spaceId,
      dentryId: file.id,
      version: 1,
      unionId: OWNER,
    });
    expect(answer.success).toBe(true);
    const { dentry } = await drive.storage.getDentry({ spaceId, dentryId: file.id, unionId: OWNER });
    expect(dentry).toMatchObject({ version: CONTENTS.length + 1, size: (CONTENTS[0] as string).length });
    expect(await drive.download(spaceId, file.id)).toBe(CONTENTS[0]);
    expect((await versionsOf(spaceId, file.id))[0]).toEqual([
      CONTENTS.length + 1,
      (CONTENTS[0] as string).length,
    ]);
    expect(await drive.usedQuota(spaceId)).toBe(sum(CONTENTS) + (CONTENTS[0] as string).length);
  });

  it.each([
    [
      'getFileDownloadInfo',
      (spaceId: string, dentryId: string, version: number) =>
        drive.storage.getFileDownloadInfo({ spaceId, dentryId, unionId: OWNER, option: { version } }),
    ],
    [
      'revertDentryVersion',
      (spaceId: string, dentryId: string, version: number) =>
        drive.storage.revertDentryVersion({ spaceId, dentryId, version, unionId: OWNER }),
    ],
    [
      'getDentryOpenInfo',
      (spaceId: string, dentryId: string, version: number) =>
        drive.storage.getDentryOpenInfo({ spaceId, dentryId, unionId: OWNER, option: { version } }),
    ],
  ])('%s of a version the file does not have is 404 versionNotFound', async (_, call) => {
    const { spaceId, file } = await versioned();
    await expectRefusal(call(spaceId, file.id, CONTENTS.length + 1), 404, 'versionNotFound');
    expect(await versionsOf(spaceId, file.id)).toHaveLength(CONTENTS.length);
  });

  it('a folder has no versions: listDentryVersions and revertDentryVersion are 400 paramError', async () => {
    const spaceId = await drive.space();
    const folder = await drive.folder(spaceId, 'folder');
    await expectRefusal(
      drive.storage.listDentryVersions({ spaceId, dentryId: folder.id, unionId: OWNER }),
      400,
      'paramError',
    );
    await expectRefusal(
      drive.storage.revertDentryVersion({ spaceId, dentryId: folder.id, version: 1, unionId: OWNER }),
      400,
      'paramError',
    );
  });
});

type Visibility = 'PUBLIC' | 'PRIVATE';
const property = (name: string, value = `${name}-value`, visibility: Visibility = 'PUBLIC') => ({
  name,
  value,
  visibility,
});
const NAMES = Array.from({ length: MAX_APP_PROPERTIES + 1 }, (_, i) => `p${i}`);

describe('app properties', () => {
  // An APP space, whose ownerId is the app's id: the key of its dentries' properties (the spec's
  // AppPropertyMap: the space's ownerId).
  const appSpace = () => drive.space({ ownerType: 'APP' });

  /** getDentry's appProperties, asking for those of `appIds` (this app's by default; `'every app'`: no option). */
  const propertiesOf = async (
    spaceId: string,
    dentryId: string,
    asked: string[] | 'every app' = [APP_ID],
  ) => {
    const appIds = asked === 'every app' ? undefined : asked;
    const { dentry } = await drive.storage.getDentry({
      spaceId,
      dentryId,
      unionId: OWNER,
      ...(appIds && { option: { appIdsForAppProperties: appIds } }),
    });
    return dentry?.appProperties;
  };

  it.each([
    [
      'addFolder',
      async (spaceId: string, appProperties: ReturnType<typeof property>[]) => {
        const { dentry } = await drive.storage.addFolder({
          spaceId,
          parentId: '0',
          unionId: OWNER,
          name: 'folder',
          option: { appProperties },
        });
        return dentry?.id ?? '';
      },
    ],
    [
      'commitFile',
      async (spaceId: string, appProperties: ReturnType<typeof property>[]) =>
        (await drive.upload(spaceId, 'file.txt', 'bytes', { appProperties })).id,
    ],
  ])('%s sets up to MAX_APP_PROPERTIES of them', async (_, make) => {
    const spaceId = await appSpace();
    const given = NAMES.slice(0, MAX_APP_PROPERTIES).map((name) => property(name));
    const dentryId = await make(spaceId, given);
    expect(await propertiesOf(spaceId, dentryId)).toEqual({ [APP_ID]: given });
  });

  it('updateDentryAppProperties adds and updates by name, up to MAX_APP_PROPERTIES; one more is 400 paramError', async () => {
    const spaceId = await appSpace();
    const file = await drive.upload(spaceId, 'file.txt', 'bytes');
    const update = (appProperties: ReturnType<typeof property>[]) =>
      drive.storage.updateDentryAppProperties({ spaceId, dentryId: file.id, unionId: OWNER, appProperties });
    const full = NAMES.slice(0, MAX_APP_PROPERTIES).map((name) => property(name));
    for (const one of full) await update([one]);
    // An update by name changes the value and the visibility, and does not count as one more.
    const changed = property(full[0]?.name as string, 'changed', 'PRIVATE');
    await update([changed]);
    const expected = [changed, ...full.slice(1)];
    expect(await propertiesOf(spaceId, file.id)).toEqual({ [APP_ID]: expected });
    await expectRefusal(update([property(NAMES[MAX_APP_PROPERTIES] as string)]), 400, 'paramError');
    expect(await propertiesOf(spaceId, file.id)).toEqual({ [APP_ID]: expected });
  });

  it('deleteDentryAppProperties removes by name; the last removed leaves none', async () => {
    const spaceId = await appSpace();
    const given = NAMES.slice(0, MAX_APP_PROPERTIES).map((name) => property(name));
    const file = await drive.upload(spaceId, 'file.txt', 'bytes', { appProperties: given });
    const remove = (propertyNames: string[]) =>
      drive.storage.deleteDentryAppProperties({ spaceId, dentryId: file.id, unionId: OWNER, propertyNames });
    await remove([given[0]?.name as string, 'never-set']);
    expect(await propertiesOf(spaceId, file.id)).toEqual({ [APP_ID]: given.slice(1) });
    await remove(given.slice(1).map((p) => p.name));
    expect(await propertiesOf(spaceId, file.id)).toBeUndefined();
  });

  it.each([
    ['asked for this app', [APP_ID], true],
    ['asked for another app only', ['another-app'], false],
    ['asked for none (the spec: every app)', undefined, true],
  ] as const)('getDentry shows them when %s', async (_, appIds, shown) => {
    const spaceId = await appSpace();
    const given = [property('colour')];
    const file = await drive.upload(spaceId, 'file.txt', 'bytes', { appProperties: given });
    expect(await propertiesOf(spaceId, file.id, appIds ? [...appIds] : 'every app')).toEqual(
      shown ? { [APP_ID]: given } : undefined,
    );
    const { resultItems } = await drive.storage.getDentries({
      spaceId,
      unionId: OWNER,
      dentryIds: [file.id],
      ...(appIds && { option: { appIdsForAppProperties: [...appIds] } }),
    });
    expect(resultItems?.[0]?.dentry?.appProperties).toEqual(shown ? { [APP_ID]: given } : undefined);
  });

  it('a commit refused for one property too many adds no version and changes nothing', async () => {
    const spaceId = await appSpace();
    const full = NAMES.slice(0, MAX_APP_PROPERTIES).map((name) => property(name));
    const file = await drive.upload(spaceId, 'file.txt', 'first', { appProperties: full });
    await expectRefusal(
      drive.upload(spaceId, 'file.txt', 'second', {
        conflictStrategy: 'OVERWRITE',
        appProperties: [property(NAMES[MAX_APP_PROPERTIES] as string)],
      }),
      400,
      'paramError',
    );
    expect(await versionsOf(spaceId, file.id)).toEqual([[1, 'first'.length]]);
    expect(await drive.download(spaceId, file.id)).toBe('first');
    expect(await drive.usedQuota(spaceId)).toBe('first'.length);
    expect(await propertiesOf(spaceId, file.id)).toEqual({ [APP_ID]: full });
  });

  it("in a USER space they are kept under the owner's unionId, the space's ownerId", async () => {
    const spaceId = await drive.space({ ownerType: 'USER' });
    const given = [property('colour')];
    const file = await drive.upload(spaceId, 'file.txt', 'bytes', { appProperties: given });
    expect(await propertiesOf(spaceId, file.id, 'every app')).toEqual({ [OWNER]: given });
  });
});
