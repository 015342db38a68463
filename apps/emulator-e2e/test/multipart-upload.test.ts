// Issue 24, flow 2: a multipart upload (initMultipartFileUpload -> getMultipartFileUploadInfos in batches the
// spec allows -> PUT every part, several at once, one twice -> commitFile) joins the parts in part-number
// order, whatever order they were PUT in.
import { describe, expect, it } from 'vitest';
import { bytesOf, concat, putSigned, type SignedRequest, sha256, testBytes } from './bytes.js';
import { commitFile, createSpace, downloadFile, ROOT } from './drive.js';
import { emulatorPerFile } from './emulator.js';
import { type Sdk, storage, UNION_ID } from './sdk.js';
import { bodyMaxItems } from './spec.js';

const emulator = emulatorPerFile();

const PART_COUNT = 35;
/** Part numbers one getMultipartFileUploadInfos call takes at most (30: DingTalk's limit, read from the spec). */
const PARTS_PER_CALL = bodyMaxItems('getMultipartFileUploadInfos', 'partNumbers');
/** PUTs under way at once. */
const PARALLEL_PUTS = 4;

/** Part sizes from 100 KiB (OSS's smallest part but the last) to ~300 KiB, all different; the last is small. */
const partSizes = Array.from({ length: PART_COUNT }, (_, i) =>
  i === PART_COUNT - 1 ? 4_321 : 100 * 1024 + ((i * 7_919) % 200_000),
);

/** initMultipartFileUpload: a multipart upload key. */
async function initMultipart({ client, headers, runtime }: Sdk, spaceId: string): Promise<string> {
  const answer = await client.initMultipartFileUploadWithOptions(
    spaceId,
    new storage.InitMultipartFileUploadRequest({
      unionId: UNION_ID,
      option: new storage.InitMultipartFileUploadRequestOption({ storageDriver: 'DINGTALK' }),
    }),
    headers,
    runtime,
  );
  const uploadKey = answer.body?.uploadKey;
  if (!uploadKey)
    throw new Error(`initMultipartFileUpload answered no uploadKey: ${JSON.stringify(answer.body)}`);
  return uploadKey;
}

/** getMultipartFileUploadInfos for every part number, PARTS_PER_CALL per call: the signed PUT of each. */
async function partUploadInfos(
  { client, headers, runtime }: Sdk,
  uploadKey: string,
  partNumbers: number[],
): Promise<Map<number, SignedRequest | undefined>> {
  const infos = new Map<number, SignedRequest | undefined>();
  for (let i = 0; i < partNumbers.length; i += PARTS_PER_CALL) {
    const batch = partNumbers.slice(i, i + PARTS_PER_CALL);
    const answer = await client.getMultipartFileUploadInfosWithOptions(
      new storage.GetMultipartFileUploadInfosRequest({ unionId: UNION_ID, uploadKey, partNumbers: batch }),
      headers,
      runtime,
    );
    const signed = answer.body?.multipartHeaderSignatureInfos ?? [];
    expect(signed.map((info) => info.partNumber)).toEqual(batch);
    for (const info of signed) infos.set(info.partNumber as number, info.headerSignatureInfo);
  }
  return infos;
}

describe('a multipart upload', () => {
  it(`of ${PART_COUNT} parts of different sizes, PUT ${PARALLEL_PUTS} at a time and one twice, downloads as the parts joined`, async () => {
    const { sdk, mock } = emulator;
    const space = await createSpace(sdk, { sceneId: 'multipart' });
    const parts = partSizes.map((size, i) => testBytes(size, `part ${i + 1}`));
    const whole = concat(parts);

    const uploadKey = await initMultipart(sdk, space.id);
    const partNumbers = parts.map((_, i) => i + 1);
    const infos = await partUploadInfos(sdk, uploadKey, partNumbers);
    for (const partNumber of partNumbers) {
      expect(infos.get(partNumber)?.resourceUrls?.[0]).toBe(
        `${mock.blobUrl}/dingtalk-storage-emulator/uploads/${encodeURIComponent(uploadKey)}/${partNumber}`,
      );
    }

    // Part 7 first gets stale bytes; its second PUT below must replace them.
    const replaced = 7;
    await bytesOf(await putSigned(infos.get(replaced), testBytes(123_456, 'stale part 7')));
    // Last part first, then the rest in parallel groups: the order of the PUTs does not order the file.
    const order = [PART_COUNT, ...partNumbers.slice(0, -1)];
    for (let i = 0; i < order.length; i += PARALLEL_PUTS) {
      const group = order.slice(i, i + PARALLEL_PUTS);
      const answers = await Promise.all(
        group.map((partNumber) => putSigned(infos.get(partNumber), parts[partNumber - 1] as Uint8Array)),
      );
      for (const [j, answer] of answers.entries()) {
        expect(answer.status, `part ${group[j]}: ${await answer.clone().text()}`).toBe(200);
        expect(answer.headers.get('etag'), `part ${group[j]}`).toBeTruthy();
      }
    }

    const dentry = await commitFile(sdk, space.id, { uploadKey, name: 'video.mp4', size: whole.length });
    expect(dentry).toMatchObject({ parentId: ROOT, name: 'video.mp4', size: whole.length, version: 1 });
    expect(sha256(await downloadFile(sdk, space.id, dentry.id as string))).toBe(sha256(whole));
  });

  it('with a gap in the part numbers joins the parts there are, in order (as OSS allows)', async () => {
    const { sdk } = emulator;
    const space = await createSpace(sdk, { sceneId: 'multipart-gap' });
    const uploadKey = await initMultipart(sdk, space.id);
    const sent = [1, 3, 4];
    const parts = sent.map((partNumber) => testBytes(100 * 1024 + partNumber, `gap part ${partNumber}`));
    const infos = await partUploadInfos(sdk, uploadKey, sent);
    // PUT in reverse: still joined 1, 3, 4.
    for (const [i, partNumber] of [...sent.entries()].reverse()) {
      await bytesOf(await putSigned(infos.get(partNumber), parts[i] as Uint8Array));
    }
    const whole = concat(parts);
    const dentry = await commitFile(sdk, space.id, { uploadKey, name: 'gap.bin', size: whole.length });
    expect(sha256(await downloadFile(sdk, space.id, dentry.id as string))).toBe(sha256(whole));
  });
});
