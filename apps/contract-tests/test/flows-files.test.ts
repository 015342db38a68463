// Stateful flows of a file's bytes: single and multipart upload, download (whole and ranged), the commit's
// refusals, the space quota, versions. Each case's name says what it rests on: [documented] DingTalk's
// documents (or OSS's, for the byte legs), [ours: …] this project's reading where they are silent.
import { expect, it } from 'vitest';
import {
  type Bytes,
  bytesOf,
  childrenOf,
  describeFlows,
  download,
  fetchFile,
  hex,
  newSpace,
  ossCode,
  putObject,
  putTo,
  textBytes,
  upload,
  uploadKeyFor,
} from './flows.js';

/** OSS's smallest part but the last (100 KB): what a real server's store takes. */
const MIN_PART_SIZE = 100 * 1024;

describeFlows((drive) => {
  it('single upload: getFileUploadInfo → PUT → commitFile → getDentry and download give it back [documented; ours: the first version is 1]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const bytes = bytesOf(1000);
    const dentry = await upload(d, space.id, 'notes.txt', bytes);
    expect(dentry).toMatchObject({
      type: 'FILE',
      name: 'notes.txt',
      size: 1000,
      extension: 'txt',
      version: 1,
    });
    const { dentry: fetched } = await d.ok('getDentry', { spaceId: space.id, dentryId: dentry.id });
    expect(fetched).toMatchObject({ id: dentry.id, name: 'notes.txt', size: 1000, type: 'FILE' });
    expect(hex(await download(d, space.id, dentry.id))).toBe(hex(bytes));
  });

  it('an upload key serves one commit: after it, a PUT to its URL is refused 404 NoSuchUpload and a second commit 404 uploadKeyNotFound [ours: keys are single-use]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const info = await d.ok('getFileUploadInfo', {
      spaceId: space.id,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
      option: { storageDriver: 'DINGTALK' },
    });
    await putObject(info.headerSignatureInfo, textBytes('once'));
    const commit = { spaceId: space.id, uploadKey: info.uploadKey, name: 'once.txt', parentId: '0' };
    await d.ok('commitFile', commit);
    const again = await putTo(
      info.headerSignatureInfo,
      info.headerSignatureInfo?.headers ?? {},
      textBytes('twice'),
    );
    expect({ status: again.status, code: ossCode(again) }, again.request).toEqual({
      status: 404,
      code: 'NoSuchUpload',
    });
    await d.refused('commitFile', { ...commit, name: 'twice.txt' }, 404, 'uploadKeyNotFound');
  });

  it('the byte legs are signed: a PUT without the signed headers is refused 403 AccessDenied [documented: OSS refuses anonymous access]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const info = await d.ok('getFileUploadInfo', {
      spaceId: space.id,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
      option: { storageDriver: 'DINGTALK' },
    });
    const anonymous = await putTo(info.headerSignatureInfo, {}, textBytes('anonymous'));
    expect({ status: anonymous.status, code: ossCode(anonymous) }, anonymous.request).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
  });

  it('download with Range: bytes=a-b, a- and -n answer 206 with Content-Range; a start past the end 416 InvalidRange [documented: Range as OSS answers it]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const bytes = bytesOf(100);
    const { id } = await upload(d, space.id, 'ranged.bin', bytes);
    const whole = await fetchFile(d, space.id, id);
    expect(whole.status, whole.request).toBe(200);
    expect(whole.headers.get('content-length')).toBe('100');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    for (const [range, start, end] of [
      ['bytes=10-19', 10, 19],
      ['bytes=90-', 90, 99],
      ['bytes=-5', 95, 99],
    ] as const) {
      const part = await fetchFile(d, space.id, id, { range });
      expect(part.status, part.request).toBe(206);
      expect(part.headers.get('content-range'), part.request).toBe(`bytes ${start}-${end}/100`);
      expect(hex(part.bytes), part.request).toBe(hex(bytes.subarray(start, end + 1)));
    }
    const past = await fetchFile(d, space.id, id, { range: 'bytes=100-' });
    expect({ status: past.status, code: ossCode(past) }, past.request).toEqual({
      status: 416,
      code: 'InvalidRange',
    });
  });

  it('multipart: initMultipartFileUpload → getMultipartFileUploadInfos → 3 parts PUT out of order (one twice) → commitFile joins them in part order [documented: a part PUT again replaces it, as in OSS]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const parts = [bytesOf(MIN_PART_SIZE), bytesOf(MIN_PART_SIZE), bytesOf(1234)];
    const { uploadKey } = await d.ok('initMultipartFileUpload', {
      spaceId: space.id,
      option: { storageDriver: 'DINGTALK' },
    });
    const { multipartHeaderSignatureInfos: infos = [] } = await d.ok('getMultipartFileUploadInfos', {
      uploadKey,
      partNumbers: [1, 2, 3],
    });
    expect(infos.map((info) => info.partNumber).sort()).toEqual([1, 2, 3]);
    const signed = (n: number) => infos.find((info) => info.partNumber === n)?.headerSignatureInfo;
    await putObject(signed(3), parts[2] as Bytes);
    await putObject(signed(2), bytesOf(MIN_PART_SIZE)); // replaced by the next PUT of part 2
    await putObject(signed(1), parts[0] as Bytes);
    await putObject(signed(2), parts[1] as Bytes);
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    const { dentry } = await d.ok('commitFile', {
      spaceId: space.id,
      uploadKey,
      name: 'joined.bin',
      parentId: '0',
      option: { size },
    });
    expect(dentry).toMatchObject({ type: 'FILE', name: 'joined.bin', size });
    expect(hex(await download(d, space.id, dentry.id))).toBe(hex(Buffer.concat(parts)));
  });

  it('commitFile with an option.size other than the bytes uploaded is refused and creates nothing [documented; ours: 409 uploadSizeMismatch]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const uploadKey = await uploadKeyFor(d, space.id, bytesOf(10));
    await d.refused(
      'commitFile',
      { spaceId: space.id, uploadKey, name: 'wrong.bin', parentId: '0', option: { size: 11 } },
      409,
      'uploadSizeMismatch',
    );
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual([]);
  });

  it('commitFile before any PUT is refused [ours: 409 uploadNotFinished]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const { uploadKey } = await d.ok('getFileUploadInfo', {
      spaceId: space.id,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
      option: { storageDriver: 'DINGTALK' },
    });
    await d.refused(
      'commitFile',
      { spaceId: space.id, uploadKey, name: 'early.bin', parentId: '0' },
      409,
      'uploadNotFinished',
    );
  });

  it('a commit past the space quota is refused; usedQuota is the bytes stored [documented: option.quota in bytes; ours: 403 quotaExceeded, usedQuota exact]', async () => {
    const d = drive();
    const space = await newSpace(d, { quota: 16 });
    await upload(d, space.id, 'fits.bin', bytesOf(10));
    const uploadKey = await uploadKeyFor(d, space.id, bytesOf(7));
    await d.refused(
      'commitFile',
      { spaceId: space.id, uploadKey, name: 'over.bin', parentId: '0' },
      403,
      'quotaExceeded',
    );
    const { space: after } = await d.ok('getSpace', { spaceId: space.id });
    expect(after).toMatchObject({ quota: 16, usedQuota: 10 });
    expect([...(await childrenOf(d, space.id, '0')).keys()]).toEqual(['fits.bin']);
  });

  it('versions: OVERWRITE adds versions, each downloadable; revert appends a version with the old content [documented; ours: the first version is 1, usedQuota counts every version]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const contents = ['first', 'second!', 'third!!!'].map(textBytes);
    let file = await upload(d, space.id, 'v.txt', contents[0] as Bytes);
    for (const bytes of contents.slice(1)) {
      const next = await upload(d, space.id, 'v.txt', bytes, { option: { conflictStrategy: 'OVERWRITE' } });
      expect(next.id, 'OVERWRITE keeps the file').toBe(file.id);
      file = next;
    }
    expect(file).toMatchObject({ version: 3, size: (contents[2] as Bytes).length });
    for (const [index, bytes] of contents.entries()) {
      expect(hex(await download(d, space.id, file.id, index + 1)), `version ${index + 1}`).toBe(hex(bytes));
    }
    const { dentries = [] } = await d.ok('listDentryVersions', { spaceId: space.id, dentryId: file.id });
    const versions = dentries.map((v) => v.version);
    expect(new Set(versions).size, 'each version once').toBe(versions.length);
    // "Historical versions": whether the current one is listed too, DingTalk does not say.
    expect(versions).toEqual(expect.arrayContaining([1, 2]));
    expect(versions.every((v) => v !== undefined && v >= 1 && v <= 3)).toBe(true);
    const total = contents.reduce((sum, bytes) => sum + bytes.length, 0);
    expect((await d.ok('getSpace', { spaceId: space.id })).space.usedQuota).toBe(total);

    expect(await d.ok('revertDentryVersion', { spaceId: space.id, dentryId: file.id, version: 1 })).toEqual({
      success: true,
    });
    const { dentry: reverted } = await d.ok('getDentry', { spaceId: space.id, dentryId: file.id });
    expect(reverted).toMatchObject({ version: 4, size: (contents[0] as Bytes).length });
    expect(hex(await download(d, space.id, file.id))).toBe(hex(contents[0] as Bytes));
  });

  it('an unknown version: revertDentryVersion and getFileDownloadInfo are refused [ours: 404 versionNotFound]', async () => {
    const d = drive();
    const space = await newSpace(d);
    const file = await upload(d, space.id, 'one.txt', textBytes('one'));
    await d.refused(
      'revertDentryVersion',
      { spaceId: space.id, dentryId: file.id, version: 99 },
      404,
      'versionNotFound',
    );
    await d.refused(
      'getFileDownloadInfo',
      { spaceId: space.id, dentryId: file.id, option: { version: 99 } },
      404,
      'versionNotFound',
    );
  });
});
