// The client process of the file helpers' memory benchmark: nothing but the client and uploadFile, so that
// its RSS is theirs. `node --expose-gc files-upload-process.mjs URL` (forked, with an IPC channel): it creates a
// space on the emulator at URL, says { ready }, then for each { upload: bytes } uploads a stream of that many
// bytes made as it is read (an async generator of freshChunks: new memory per chunk, as a file read from disk
// comes, which uploadFile holds until the chunk's part is sent; the process never holds the file) with
// uploadFile's defaults and answers { uploaded: size }. Before answering it collects garbage, so that the RSS
// read next is what the process keeps, not what the upload left to collect.
import { createStorageClient } from '@dingtalk-storage/client';
import { uploadFile } from '@dingtalk-storage/client/files';
import { freshChunks } from './bytes.mjs';

const storage = createStorageClient({
  accessToken: 'bench-token',
  baseUrl: process.argv[2],
  retry: { maxAttempts: 1 },
});
const unionId = 'u-bench';
const { space } = await storage.createSpace({
  unionId,
  option: { name: 'Bench', scene: 'bench', sceneId: '1' },
});
let files = 0;
process.on('message', async ({ upload: bytes }) => {
  try {
    const dentry = await uploadFile(storage, {
      spaceId: space.id,
      parentId: '0',
      unionId,
      name: `file-${++files}.bin`,
      body: (async function* () {
        yield* freshChunks(bytes);
      })(),
      retry: false,
    });
    globalThis.gc();
    process.send({ uploaded: dentry.size });
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
globalThis.gc();
process.send({ ready: true });
