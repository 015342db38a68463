// One consumer program, the same on every runtime: the packed client against the mock. It creates a space
// and reads it back (stateful mock), gets a typed 400 (Prism), a typed network error (a closed port), a
// typed timeout of a create that the mock received once (a runtime that resends a request it was told to
// drop would create twice) and an abort (the mock holding its answer, by an injected delay), and names the
// transport the build the runtime resolved uses (node:http for the `node` export condition, fetch
// elsewhere). Then the helpers on the drive emulator (its byte origin is where the upload and download URLs
// point): a multipart uploadFile and its downloadFile, paginate over more than one page, and waitForTask of
// an async folder copy. Only web-standard APIs.
import { createStorageClient, DEFAULT_TRANSPORT } from '@dingtalk-storage/client';
import { downloadFile, MIN_PART_SIZE, uploadFile } from '@dingtalk-storage/client/files';

/** The error a call rejects with, reduced to what the matrix compares. */
async function failure(call) {
  try {
    await call();
    return 'no error';
  } catch (error) {
    return { name: error?.name, status: error?.status, code: error?.code, message: error?.message };
  }
}

/** How long the mock holds an answer the program times out or aborts. */
const HELD_MS = 2_000;

/** Holds the next answer of `operationId` for `delayMs`, through the mock's admin API. */
async function delayNext(mockUrl, operationId, delayMs) {
  const response = await fetch(`${mockUrl}/__mock/inject`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationId, fault: { delayMs } }),
  });
  if (!response.ok) throw new Error(`the mock refused the injection: HTTP ${response.status}`);
}

/**
 * How many createSpace requests named `name` the mock received, counted once the one it held is answered
 * (journalled after HELD_MS; a resent copy is answered at once): read from its journal until then.
 */
async function createsReceived(mockUrl, name) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const response = await fetch(`${mockUrl}/__mock/requests`);
    if (!response.ok) throw new Error(`the mock refused its journal: HTTP ${response.status}`);
    const creates = (await response.json()).filter(
      (entry) => entry.operationId === 'createSpace' && entry.body?.option?.name === name,
    );
    if (creates.some((entry) => entry.ms >= HELD_MS)) return creates.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the mock did not journal the held create "${name}" within 30 s`);
}

export async function run({ stateful, prism, closed }) {
  const storage = createStorageClient({
    accessToken: 'runtime-token',
    baseUrl: stateful,
    retry: { maxAttempts: 1 },
  });
  const { space } = await storage.createSpace({
    unionId: 'u-1',
    option: { name: 'Runtime', quota: 1073741824 },
  });
  const got = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' });

  const examples = createStorageClient({
    accessToken: 'runtime-token',
    baseUrl: prism,
    headers: { prefer: 'code=400, example=paramError.name' },
  });
  const invalid = await failure(() => examples.createSpace({ unionId: 'u-1', option: { name: 'Runtime' } }));

  const nowhere = createStorageClient({
    accessToken: 'runtime-token',
    baseUrl: closed,
    retry: { maxAttempts: 1 },
  });
  const network = await failure(() => nowhere.createSpace({ unionId: 'u-1' }));

  // A POST on the connection the calls above left open: the create the client times out must not be resent.
  // Its name is this run's own (the mock serves every runtime's run).
  const timedOutName = `Timed out ${crypto.randomUUID()}`;
  await delayNext(stateful, 'createSpace', HELD_MS);
  const timeout = await failure(() =>
    storage.createSpace({ unionId: 'u-1', option: { name: timedOutName } }, { timeoutMs: 200 }),
  );

  await delayNext(stateful, 'getSpace', HELD_MS);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stopped by the caller')), 100);
  const aborted = await failure(() =>
    storage.getSpace({ spaceId: space.id, unionId: 'u-1' }, { signal: controller.signal }),
  );

  // Each helper on a space of this run's own (the mock serves every runtime's run): one that fails reports
  // its error and leaves the others their own result.
  const { space: own } = await storage.createSpace({
    unionId: 'u-1',
    option: { name: 'Runtime helpers', scene: 'runtime-helpers', sceneId: crypto.randomUUID() },
  });
  const files = await outcome(() => uploadAndDownload(storage, own.id));
  const paginate = await outcome(() => pageThrough(storage, own.id));
  const wait = await outcome(() => copyAndWait(storage, own.id));

  return {
    files,
    paginate,
    wait,
    transport: DEFAULT_TRANSPORT,
    created: { name: space.name, quota: space.quota, readBack: got.space.id === space.id },
    invalid: { name: invalid.name, status: invalid.status, code: invalid.code },
    network: network.name,
    timeout: { name: timeout.name, received: await createsReceived(stateful, timedOutName) },
    aborted: aborted.message,
  };
}

/** What `section` resolved to, or the error it ended with. */
async function outcome(section) {
  try {
    return await section();
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}` };
  }
}

const ROOT = '0';
/** How many parts the uploaded file has: MIN_PART_SIZE each but the last, a shorter one. */
export const PARTS = 3;
export const FILE_BYTES = (PARTS - 1) * MIN_PART_SIZE + 1_000;

const sha256 = async (bytes) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

/** Chunks of this many bytes: never aligned with parts, so each part goes as several pieces. */
const CHUNK_BYTES = 7_777;

/** `bytes` as a web stream of CHUNK_BYTES chunks, each in memory of its own. */
const streamOf = (bytes) => {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
};

/**
 * uploadFile of a stream in PARTS parts of MIN_PART_SIZE (PUTs counted by onProgress, one per part; each part
 * the stream's chunks, sent as pieces), then downloadFile.
 */
async function uploadAndDownload(storage, spaceId) {
  const body = new Uint8Array(FILE_BYTES);
  for (let i = 0; i < body.length; i += 1) body[i] = (i * 7 + (i >> 10)) % 251;
  let puts = 0;
  const dentry = await uploadFile(storage, {
    spaceId,
    parentId: ROOT,
    unionId: 'u-1',
    name: 'parts.bin',
    body: streamOf(body),
    partSize: MIN_PART_SIZE,
    onProgress: () => {
      puts += 1;
    },
  });
  const response = await downloadFile(storage, { spaceId, dentryId: dentry.id, unionId: 'u-1' });
  const back = new Uint8Array(await response.arrayBuffer());
  return {
    puts,
    committed: dentry.size,
    downloaded: back.length,
    sameSha256: (await sha256(back)) === (await sha256(body)),
  };
}

/** Folders in the paginated folder, and the page size: two whole pages and part of a third. */
export const PAGE = 5;
export const FOLDERS = 2 * PAGE + 2;

/** paginate over a folder of FOLDERS, PAGE a page: its items, and its pages' sizes. */
async function pageThrough(storage, spaceId) {
  const { dentry: folder } = await storage.addFolder({
    spaceId,
    parentId: ROOT,
    unionId: 'u-1',
    name: 'many',
  });
  for (let i = 0; i < FOLDERS; i += 1)
    await storage.addFolder({ spaceId, parentId: folder.id, unionId: 'u-1', name: `item-${i}` });
  const input = { spaceId, parentId: folder.id, unionId: 'u-1', maxResults: PAGE };
  const names = new Set();
  for await (const dentry of storage.paginate('listDentries', input)) names.add(dentry.name);
  const pages = [];
  for await (const page of storage.paginate('listDentries', input).pages()) pages.push(page.dentries?.length);
  return { items: names.size, pages };
}

/** copyDentry of a folder with a child (async on the emulator), waitForTask on its task, the copy listed. */
async function copyAndWait(storage, spaceId) {
  const add = async (name, parentId = ROOT) =>
    (await storage.addFolder({ spaceId, parentId, unionId: 'u-1', name })).dentry.id;
  const project = await add('project');
  await add('specs', project);
  const target = await add('backups');
  const copied = await storage.copyDentry({
    spaceId,
    dentryId: project,
    unionId: 'u-1',
    targetSpaceId: spaceId,
    targetFolderId: target,
  });
  // Polls a few milliseconds apart: the program waits on the emulator, not on the default backoff.
  const task = await storage.waitForTask(copied.taskId, {
    unionId: 'u-1',
    pollIntervalMs: 10,
    maxPollIntervalMs: 50,
  });
  const { dentries } = await storage.listDentries({ spaceId, parentId: target, unionId: 'u-1' });
  return { async: copied.async, status: task.status, copied: dentries?.map((dentry) => dentry.name) };
}

/** The runtime and its version, as the runtime itself reports them. */
export function runtimeVersion() {
  if (globalThis.Deno) return `Deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `Bun ${globalThis.Bun.version}`;
  if (globalThis.process?.versions?.node) return `Node.js ${globalThis.process.versions.node}`;
  return globalThis.navigator?.userAgent ?? 'unknown';
}
