// The steps the flows share, each an official SDK call (or two) and, for bytes, plain fetch: make a space,
// upload a file (getFileUploadInfo -> PUT -> commitFile), read a file back (getFileDownloadInfo -> GET),
// list a folder through every page, wait for an async task.
import { bytesOf, getSigned, putSigned } from './bytes.js';
import { type Sdk, storage, UNION_ID } from './sdk.js';

/** The root folder's id in every space. */
export const ROOT = '0';

type Dentry = InstanceType<typeof storage.ListDentriesResponseBodyDentries>;

/** createSpace (the SDK's addSpace): a space of its own per `sceneId`, with an optional quota in bytes. */
export async function createSpace(
  { client, headers, runtime }: Sdk,
  option: { sceneId: string; quota?: number },
): Promise<{ id: string; quota?: number; usedQuota?: number }> {
  const answer = await client.addSpaceWithOptions(
    new storage.AddSpaceRequest({
      unionId: UNION_ID,
      option: new storage.AddSpaceRequestOption({ scene: 'emulator-e2e', ...option }),
    }),
    headers,
    runtime,
  );
  const space = answer.body?.space;
  if (!space?.id) throw new Error(`createSpace answered no space id: ${JSON.stringify(answer.body)}`);
  return { id: space.id, quota: space.quota, usedQuota: space.usedQuota };
}

/** getFileUploadInfo: an upload key and the signed PUT for one file in a single request. */
export async function getUploadInfo({ client, headers, runtime }: Sdk, spaceId: string) {
  const answer = await client.getFileUploadInfoWithOptions(
    spaceId,
    new storage.GetFileUploadInfoRequest({
      unionId: UNION_ID,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
    }),
    headers,
    runtime,
  );
  const body = answer.body;
  if (!body?.uploadKey) throw new Error(`getFileUploadInfo answered no uploadKey: ${JSON.stringify(body)}`);
  return { uploadKey: body.uploadKey, signed: body.headerSignatureInfo };
}

/** commitFile: the uploaded bytes become a file (or a new version of one, with OVERWRITE). */
export async function commitFile(
  { client, headers, runtime }: Sdk,
  spaceId: string,
  commit: {
    uploadKey: string;
    name: string;
    parentId?: string;
    size?: number;
    conflictStrategy?: 'AUTO_RENAME' | 'OVERWRITE' | 'RETURN_DENTRY_IF_EXISTS' | 'RETURN_ERROR_IF_EXISTS';
  },
) {
  const { uploadKey, name, parentId = ROOT, size, conflictStrategy } = commit;
  const answer = await client.commitFileWithOptions(
    spaceId,
    new storage.CommitFileRequest({
      unionId: UNION_ID,
      uploadKey,
      name,
      parentId,
      option: new storage.CommitFileRequestOption({
        ...(size !== undefined && { size }),
        ...(conflictStrategy && { conflictStrategy }),
      }),
    }),
    headers,
    runtime,
  );
  const dentry = answer.body?.dentry;
  if (!dentry?.id) throw new Error(`commitFile answered no dentry: ${JSON.stringify(answer.body)}`);
  return dentry;
}

/** The single upload: getFileUploadInfo, a PUT of `bytes` with exactly the signed headers, commitFile. */
export async function uploadFile(
  sdk: Sdk,
  spaceId: string,
  file: { name: string; bytes: Uint8Array; parentId?: string; conflictStrategy?: 'OVERWRITE' },
) {
  const { uploadKey, signed } = await getUploadInfo(sdk, spaceId);
  const put = await putSigned(signed, file.bytes);
  await bytesOf(put);
  return commitFile(sdk, spaceId, { uploadKey, size: file.bytes.length, ...file });
}

/** getFileDownloadInfo: the signed GET of a file (its current version unless `version` is given). */
export async function getDownloadInfo(
  { client, headers, runtime }: Sdk,
  spaceId: string,
  dentryId: string,
  version?: number,
) {
  const answer = await client.getFileDownloadInfoWithOptions(
    spaceId,
    dentryId,
    new storage.GetFileDownloadInfoRequest({
      unionId: UNION_ID,
      ...(version !== undefined && { option: new storage.GetFileDownloadInfoRequestOption({ version }) }),
    }),
    headers,
    runtime,
  );
  return answer.body?.headerSignatureInfo;
}

/** A file's bytes: getFileDownloadInfo, then a GET with exactly the signed headers. */
export async function downloadFile(
  sdk: Sdk,
  spaceId: string,
  dentryId: string,
  version?: number,
): Promise<Uint8Array> {
  return bytesOf(await getSigned(await getDownloadInfo(sdk, spaceId, dentryId, version)));
}

/** addFolder in `parentId` (the root by default). */
export async function addFolder(
  { client, headers, runtime }: Sdk,
  spaceId: string,
  name: string,
  parentId = ROOT,
) {
  const answer = await client.addFolderWithOptions(
    spaceId,
    parentId,
    new storage.AddFolderRequest({ unionId: UNION_ID, name }),
    headers,
    runtime,
  );
  const dentry = answer.body?.dentry;
  if (!dentry?.id) throw new Error(`addFolder answered no dentry: ${JSON.stringify(answer.body)}`);
  return dentry;
}

/** Every dentry in a folder, through every page of listDentries. */
export async function listFolder(
  { client, headers, runtime }: Sdk,
  spaceId: string,
  parentId = ROOT,
): Promise<Dentry[]> {
  const all: Dentry[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await client.listDentriesWithOptions(
      spaceId,
      new storage.ListDentriesRequest({ unionId: UNION_ID, parentId, ...(nextToken && { nextToken }) }),
      headers,
      runtime,
    );
    all.push(...(answer.body?.dentries ?? []));
    nextToken = answer.body?.nextToken;
  } while (nextToken);
  return all;
}

/** The dentry named `name` in a folder's listing; fails naming what the folder holds instead. */
export async function findByName(sdk: Sdk, spaceId: string, name: string, parentId = ROOT): Promise<Dentry> {
  const listing = await listFolder(sdk, spaceId, parentId);
  const found = listing.find((dentry) => dentry.name === name);
  if (!found) {
    throw new Error(
      `no ${name} in folder ${parentId}; it holds ${JSON.stringify(listing.map((d) => d.name))}`,
    );
  }
  return found;
}

/** Polls getTask until the task leaves INIT/IN_PROGRESS; a deadline ends only a hang. */
export async function waitForTask({ client, headers, runtime }: Sdk, taskId: string, deadlineMs = 30_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const answer = await client.getTaskWithOptions(
      taskId,
      new storage.GetTaskRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    const task = answer.body?.task;
    if (task?.status !== 'INIT' && task?.status !== 'IN_PROGRESS') return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
