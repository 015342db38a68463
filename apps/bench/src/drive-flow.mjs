// An upload and a download through the drive emulator, each as a DingTalk client does them: the API calls
// with @dingtalk-storage/client, the bytes with byte-legs.mjs (the same node:http client as the bare side).
import { createStorageClient } from '@dingtalk-storage/client';
import { getBytes, putBytes } from './byte-legs.mjs';

const unionId = 'u-bench';
/** getMultipartFileUploadInfos signs at most this many parts per call (the spec's maxItems). */
const PARTS_PER_CALL = 30;

/** The drive behind the emulator at `url`, with one space to work in. */
export async function connectDrive(url) {
  // Retries off: a failed call is a failed benchmark, not one to hide in the timing.
  const storage = createStorageClient({
    accessToken: 'bench-token',
    baseUrl: url,
    retry: { maxAttempts: 1 },
  });
  const { space } = await storage.createSpace({
    unionId,
    option: { name: 'Bench', scene: 'bench', sceneId: '1' },
  });
  const spaceId = space.id;
  const commit = async (uploadKey, name, size) => {
    const { dentry } = await storage.commitFile({
      spaceId,
      unionId,
      uploadKey,
      name,
      parentId: '0',
      option: { size },
    });
    if (dentry.size !== size) throw new Error(`bench: committed ${dentry.size} bytes of ${size}`);
    return dentry;
  };
  return {
    /** The client, the space and the user the flows use: what the file helpers are given in files-throughput.mjs. */
    storage,
    spaceId,
    unionId,

    /** getFileUploadInfo → one PUT of `size` bytes → commitFile; resolves to the file's dentry. */
    async upload(name, size) {
      const { uploadKey, headerSignatureInfo: signed } = await storage.getFileUploadInfo({
        spaceId,
        unionId,
        protocol: 'HEADER_SIGNATURE',
        multipart: false,
      });
      await putBytes(signed.resourceUrls[0], signed.headers, size);
      return commit(uploadKey, name, size);
    },

    /**
     * initMultipartFileUpload → getMultipartFileUploadInfos (30 parts a call) → PUTs of `partBytes`, at most
     * `inFlight` at once → commitFile; each part's bytes are made as it is sent.
     */
    async uploadMultipart(name, size, { partBytes, inFlight }) {
      const { uploadKey } = await storage.initMultipartFileUpload({ spaceId, unionId });
      const parts = Math.ceil(size / partBytes);
      for (let first = 1; first <= parts; first += PARTS_PER_CALL) {
        const partNumbers = [];
        for (let n = first; n <= Math.min(parts, first + PARTS_PER_CALL - 1); n++) partNumbers.push(n);
        const { multipartHeaderSignatureInfos: signed } = await storage.getMultipartFileUploadInfos({
          unionId,
          uploadKey,
          partNumbers,
        });
        if (signed.length !== partNumbers.length) {
          throw new Error(`bench: ${partNumbers.length} parts asked for, ${signed.length} signed`);
        }
        const sender = async () => {
          for (let part = signed.shift(); part; part = signed.shift()) {
            const bytes = Math.min(partBytes, size - (part.partNumber - 1) * partBytes);
            await putBytes(part.headerSignatureInfo.resourceUrls[0], part.headerSignatureInfo.headers, bytes);
          }
        };
        await Promise.all(Array.from({ length: inFlight }, sender));
      }
      return commit(uploadKey, name, size);
    },

    /** getFileDownloadInfo → one GET; resolves to the number of bytes read. */
    async download(dentryId) {
      const { headerSignatureInfo: signed } = await storage.getFileDownloadInfo({
        spaceId,
        dentryId,
        unionId,
      });
      return getBytes(signed.resourceUrls[0], signed.headers);
    },

    /** Removes the file for good (its bytes too), so that rounds do not pile up. */
    async remove(dentryId) {
      await storage.deleteDentry({ spaceId, dentryId, unionId });
    },
  };
}
