// Issue 24, flow 1: a single upload (getFileUploadInfo -> PUT with exactly the signed headers -> commitFile)
// reads back byte for byte (getFileDownloadInfo -> GET), whole and by Range.
import { describe, expect, it } from 'vitest';
import { bytesOf, getSigned, ossErrorCode, putSigned, sha256, testBytes } from './bytes.js';
import {
  commitFile,
  createSpace,
  downloadFile,
  getDownloadInfo,
  getUploadInfo,
  ROOT,
  uploadFile,
} from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { sdkError } from './sdk.js';

const emulator = emulatorPerFile();
/** Not a whole number of any buffer size, so that a lost or doubled chunk shows. */
const SIZE = 300_007;

describe('a single upload', () => {
  it('PUT with exactly the signed headers, committed, downloads with the same SHA-256', async () => {
    const { sdk, mock } = emulator;
    const space = await createSpace(sdk, { sceneId: 'single-upload' });
    const bytes = testBytes(SIZE, 'single-upload');

    const { uploadKey, signed } = await getUploadInfo(sdk, space.id);
    expect(signed?.resourceUrls?.[0]).toBe(
      `${mock.blobUrl}/dingtalk-storage-emulator/uploads/${encodeURIComponent(uploadKey)}/1`,
    );
    const put = await putSigned(signed, bytes);
    expect(put.status, await put.clone().text()).toBe(200);
    expect(put.headers.get('etag')).toBeTruthy();

    const dentry = await commitFile(sdk, space.id, { uploadKey, name: 'report.pdf', size: SIZE });
    expect(dentry).toMatchObject({
      spaceId: space.id,
      parentId: ROOT,
      type: 'FILE',
      name: 'report.pdf',
      extension: 'pdf',
      size: SIZE,
      version: 1,
    });

    const download = await getSigned(await getDownloadInfo(sdk, space.id, dentry.id as string));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-length')).toBe(String(SIZE));
    expect(download.headers.get('accept-ranges')).toBe('bytes');
    expect(download.headers.get('etag')).toBeTruthy();
    expect(sha256(await bytesOf(download))).toBe(sha256(bytes));
  });

  it('a Range GET answers 206 with exactly the slice, and 416 InvalidRange past the end', async () => {
    const { sdk } = emulator;
    const space = await createSpace(sdk, { sceneId: 'single-upload-range' });
    const bytes = testBytes(SIZE, 'single-upload-range');
    const dentry = await uploadFile(sdk, space.id, { name: 'data.bin', bytes });
    const signed = await getDownloadInfo(sdk, space.id, dentry.id as string);

    const cases = [
      { range: 'bytes=1000-1999', start: 1000, end: 1999 },
      { range: `bytes=${SIZE - 7}-`, start: SIZE - 7, end: SIZE - 1 },
      { range: 'bytes=-500', start: SIZE - 500, end: SIZE - 1 },
      { range: 'bytes=0-0', start: 0, end: 0 },
    ];
    for (const { range, start, end } of cases) {
      const answer = await getSigned(signed, { Range: range });
      expect(answer.status, range).toBe(206);
      expect(answer.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(await bytesOf(answer), range).toEqual(bytes.subarray(start, end + 1));
    }

    const unsatisfiable = await getSigned(signed, { Range: `bytes=${SIZE}-` });
    expect(unsatisfiable.status).toBe(416);
    expect(await ossErrorCode(unsatisfiable)).toBe('InvalidRange');
  });

  it.each([0, 1])('a %i-byte file reads back as it was', async (size) => {
    const { sdk } = emulator;
    const space = await createSpace(sdk, { sceneId: `single-upload-${size}` });
    const bytes = testBytes(size, 'tiny');
    const dentry = await uploadFile(sdk, space.id, { name: 'tiny.txt', bytes });
    expect(dentry.size).toBe(size);
    expect(await downloadFile(sdk, space.id, dentry.id as string)).toEqual(bytes);
  });

  it('commitFile refuses a size other than the bytes PUT (409 uploadSizeMismatch) and a commit before any PUT (409 uploadNotFinished)', async () => {
    const { sdk } = emulator;
    const space = await createSpace(sdk, { sceneId: 'single-upload-refusals' });
    const bytes = testBytes(1000, 'refusals');

    const mismatched = await getUploadInfo(sdk, space.id);
    await bytesOf(await putSigned(mismatched.signed, bytes));
    expect(
      await sdkError(
        commitFile(sdk, space.id, { uploadKey: mismatched.uploadKey, name: 'a.bin', size: bytes.length + 1 }),
      ),
    ).toEqual({ code: 'uploadSizeMismatch', statusCode: 409 });

    const unsent = await getUploadInfo(sdk, space.id);
    expect(await sdkError(commitFile(sdk, space.id, { uploadKey: unsent.uploadKey, name: 'b.bin' }))).toEqual(
      {
        code: 'uploadNotFinished',
        statusCode: 409,
      },
    );
  });
});
