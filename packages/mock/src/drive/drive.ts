// The drive emulator's domain, apart from HTTP: spaces, folders and files with their versions, uploads,
// the recycle bin, app properties, permissions and tasks, with DingTalk's rules (conflict strategies, quotas,
// paging, async answers for folders with children) in one place. Each operation checks, changes the state,
// saves it (state.ts; on disk with `dataDir`) and answers DingTalk's JSON; a refusal is a DriveError
// carrying DingTalk's status and code. Bytes live in a blob store (bytes.ts) and never pass through here:
// the byte origin asks the drive where a PUT may go (ByteTargets) and streams the bytes itself.
// Rules DingTalk's documents leave open are this project's choices, listed in the mock's README.

import {
  APP_ID,
  APP_NAME,
  CORP_ID,
  dentryAnswer,
  type Json,
  partitionsAnswer,
  permissionAnswer,
  recycleItemAnswer,
  roleAnswer,
  spaceAnswer,
  taskAnswer,
  timestamp,
} from './answers.js';
import type { BlobRef, BlobStore, ByteTargets, HeaderSignature, ObjectKey, OssRefusal } from './bytes.js';
import { freeName, nameProblem } from './names.js';
import { page } from './paging.js';
import {
  type AppPropertyRecord,
  type ConflictStrategy,
  type DentryRecord,
  type DriveState,
  emptyState,
  type FileVersion,
  type PermissionRecord,
  type RecycleItemRecord,
  type StateStore,
  type UploadRecord,
} from './state.js';

/** A refusal in DingTalk's terms: the handler answers `{ code, message, requestid }` with this status. */
export class DriveError extends Error {
  override name = 'DriveError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Signs the byte origin's URLs (signed-urls.ts). */
export interface UrlSigner {
  sign(method: 'PUT' | 'GET', key: ObjectKey): Promise<HeaderSignature>;
}

export interface DriveLimits {
  /** The most spaces; a create beyond it is refused 403 `Forbidden.AccessDenied.ApiCountLimitForOrg`. */
  maxSpaces: number;
  /** The most dentries (recycled ones count); beyond it 403 `dentryLimitExceeded`. */
  maxDentries: number;
  /** The most bytes stored (every version, every pending upload part); beyond it 403 `quotaExceeded`. */
  maxStoredBytes: number;
}

/** The largest part (and single upload) OSS takes: 5 GiB. */
export const MAX_PART_BYTES = 5 * 1024 ** 3;
/** App properties one app may set on one dentry (DingTalk's documented limit). */
export const MAX_APP_PROPERTIES = 3;
/** Uploads begun and not committed that the drive keeps; beyond it the oldest is forgotten (its parts freed). */
export const MAX_PENDING_UPLOADS = 10_000;

export interface DriveOptions {
  store: StateStore;
  blobs: BlobStore;
  /** Builds the signer for the state's URL secret (the secret is kept with the state). */
  signer: (urlSecret: string) => UrlSigner;
  limits: DriveLimits;
  now?: () => number;
}

type Strategy = ConflictStrategy | undefined;
type Body = Json;

const ROOT = '0';
const UPLOAD_KEY = /^uploads\/([A-Za-z0-9_-]+)\/(\d{1,5})$/;
const FILE_KEY = /^files\/(\d+)\/(\d+)\/(\d+)$/;

export type Drive = ReturnType<typeof createDrive>;

export function createDrive({ store, blobs, signer: signerFor, limits, now = Date.now }: DriveOptions) {
  let state: DriveState = store.load() ?? emptyState(randomSecret());
  const signer = signerFor(state.urlSecret);

  // ---- the state's plumbing ----
  const save = () => store.save(state);
  const newId = () => String(state.nextId++);
  const fail = (status: number, code: string, message: string): never => {
    throw new DriveError(status, code, message);
  };

  const spaceOf = (spaceId: string) =>
    own(state.spaces, spaceId) ?? fail(404, 'spaceNotFound', `no space with id ${spaceId}`);
  const dentryOf = (spaceId: string, dentryId: string): DentryRecord => {
    spaceOf(spaceId);
    const dentry = own(state.dentries, dentryId);
    if (!dentry || dentry.spaceId !== spaceId || dentry.status !== 'NORMAL') {
      return fail(404, 'dentryNotFound', `no file or folder with id ${dentryId} in space ${spaceId}`);
    }
    return dentry;
  };
  /** A folder to put things in: the root `0` or a FOLDER dentry. */
  const folderOf = (spaceId: string, folderId: string): string => {
    if (folderId === ROOT) {
      spaceOf(spaceId);
      return ROOT;
    }
    const folder = dentryOf(spaceId, folderId);
    if (folder.type !== 'FOLDER') fail(400, 'paramError', `${folderId} is a file, not a folder`);
    return folderId;
  };
  const fileOf = (spaceId: string, dentryId: string) => {
    const file = dentryOf(spaceId, dentryId);
    if (file.type !== 'FILE')
      fail(400, 'paramError', `${dentryId} is a folder: only files have bytes and versions`);
    return file as DentryRecord & { versions: FileVersion[] };
  };
  const versionOf = (file: DentryRecord, version: number | undefined): FileVersion => {
    const versions = file.versions ?? [];
    const found = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
    return found ?? fail(404, 'versionNotFound', `file ${file.id} has no version ${version}`);
  };

  const all = () => Object.values(state.dentries);
  const childrenOf = (spaceId: string, parentId: string, status: DentryRecord['status'] = 'NORMAL') =>
    all().filter((d) => d.spaceId === spaceId && d.parentId === parentId && d.status === status);
  /** The dentry and everything under it, parents before children. */
  /**
   * The dentry and everything under it, parents before children: the same status as the top, and not what
   * was recycled on its own before (a recycled folder's earlier recycle items stay theirs).
   */
  const subtreeOf = (top: DentryRecord): DentryRecord[] => {
    const recycledOnTheirOwn = new Set(Object.values(state.recycleItems).map((item) => item.dentryId));
    const found = [top];
    for (let i = 0; i < found.length; i++) {
      const parent = found[i] as DentryRecord;
      if (parent.type !== 'FOLDER') continue;
      const children = childrenOf(parent.spaceId, parent.id, top.status);
      found.push(...children.filter((child) => !recycledOnTheirOwn.has(child.id)));
    }
    return found;
  };
  const pathOf = (dentry: DentryRecord): string => {
    const names = [dentry.name];
    for (
      let parent = own(state.dentries, dentry.parentId);
      parent;
      parent = own(state.dentries, parent.parentId)
    ) {
      names.unshift(parent.name);
    }
    return `/${names.join('/')}`;
  };
  const answer = (dentry: DentryRecord, options?: { appIds?: string[] }) =>
    dentryAnswer(dentry, pathOf(dentry), options);

  const bytesOf = (dentry: DentryRecord) => (dentry.versions ?? []).reduce((sum, v) => sum + v.size, 0);
  /** A space's used quota: every version of every file in it, the recycle bin's included. */
  const usedBytes = (spaceId: string) =>
    all().reduce((sum, d) => (d.spaceId === spaceId ? sum + bytesOf(d) : sum), 0);
  const referencedBlobs = () => {
    const blobsById = new Map<string, BlobRef>();
    for (const dentry of all()) {
      for (const version of dentry.versions ?? [])
        for (const blob of version.blobs) blobsById.set(blob.id, blob);
    }
    for (const upload of Object.values(state.uploads)) {
      for (const blob of Object.values(upload.parts)) blobsById.set(blob.id, blob);
    }
    return blobsById;
  };
  /** Bytes held in the blob store: shared blobs (copies, reverts) once. */
  const storedBytes = () => [...referencedBlobs().values()].reduce((sum, blob) => sum + blob.size, 0);

  /** Frees the blobs no record names any more (after the state that dropped them was saved). */
  const release = (candidates: BlobRef[]) => {
    if (!candidates.length) return;
    const referenced = referencedBlobs();
    for (const blob of candidates) {
      if (!referenced.has(blob.id)) blobs.delete(blob.id).catch(() => {});
    }
  };

  const checkQuota = (spaceId: string, adding: number) => {
    const { quota } = spaceOf(spaceId);
    if (quota !== undefined && BigInt(usedBytes(spaceId) + adding) > BigInt(quota)) {
      fail(
        403,
        'quotaExceeded',
        `space ${spaceId} has ${quota} bytes of quota and ${usedBytes(spaceId)} used: ${adding} more do not fit`,
      );
    }
  };
  const checkDentryRoom = (adding: number) => {
    if (Object.keys(state.dentries).length + adding > limits.maxDentries) {
      fail(
        403,
        'dentryLimitExceeded',
        `the emulator holds at most ${limits.maxDentries} files and folders (maxDentries) and is full: delete some or reset it`,
      );
    }
  };
  const checkName = (raw: string, field: string): string => {
    const name = raw.trim();
    const problem = nameProblem(name);
    if (problem) fail(400, 'paramError', `${field} ${JSON.stringify(raw)} ${problem}`);
    return name;
  };

  /**
   * Where an entry named `name` goes in a folder under a conflict strategy: a new entry (with a free name
   * under AUTO_RENAME), or the existing entry to answer (RETURN_DENTRY_IF_EXISTS) or to overwrite (OVERWRITE,
   * files onto files only).
   */
  const place = (
    spaceId: string,
    parentId: string,
    name: string,
    type: DentryRecord['type'],
    strategy: Strategy,
  ): { name: string; existing?: undefined } | { existing: DentryRecord; overwrite: boolean } => {
    const siblings = childrenOf(spaceId, parentId);
    const clash = siblings.find((d) => d.name === name);
    if (!clash) return { name };
    switch (strategy ?? 'AUTO_RENAME') {
      case 'AUTO_RENAME':
        return { name: freeName(name, type, (n) => siblings.some((d) => d.name === n)) };
      case 'RETURN_DENTRY_IF_EXISTS':
        return { existing: clash, overwrite: false };
      case 'OVERWRITE':
        if (type === 'FILE' && clash.type === 'FILE') return { existing: clash, overwrite: true };
        return fail(
          409,
          'dentryAlreadyExists',
          `${JSON.stringify(name)} exists as a ${clash.type.toLowerCase()}: OVERWRITE replaces a file with a file only`,
        );
      default:
        return fail(409, 'dentryAlreadyExists', `${JSON.stringify(name)} already exists in this folder`);
    }
  };

  const newDentry = (
    fields: Pick<DentryRecord, 'spaceId' | 'parentId' | 'type' | 'name' | 'creatorId'> &
      Partial<DentryRecord>,
  ): DentryRecord => {
    const at = now();
    const dentry: DentryRecord = {
      id: newId(),
      uuid: crypto.randomUUID().replaceAll('-', ''),
      status: 'NORMAL',
      modifierId: fields.creatorId,
      createdAt: at,
      modifiedAt: at,
      appProperties: {},
      ...fields,
    };
    state.dentries[dentry.id] = dentry;
    return dentry;
  };
  const addVersion = (file: DentryRecord, blobsOfVersion: BlobRef[], unionId: string) => {
    file.versions ??= [];
    const versions = file.versions;
    const at = now();
    versions.push({
      version: (versions.at(-1)?.version ?? 0) + 1,
      size: blobsOfVersion.reduce((sum, blob) => sum + blob.size, 0),
      blobs: blobsOfVersion,
      modifierId: unionId,
      modifiedAt: at,
    });
    file.modifierId = unionId;
    file.modifiedAt = at;
  };
  /**
   * A dentry's app properties with `properties` set (by name), checked before anything changes. They are
   * the app's of the space (its `ownerId`: the app id of an APP space, the owner's unionId of a USER space,
   * as the spec's AppPropertyMap says).
   */
  const withAppProperties = (
    spaceId: string,
    dentry: DentryRecord | undefined,
    properties: AppPropertyRecord[] | undefined,
  ): DentryRecord['appProperties'] => {
    const current = dentry?.appProperties ?? {};
    if (!properties?.length) return current;
    const appId = spaceOf(spaceId).ownerId;
    const mine = [...(own(current, appId) ?? [])];
    for (const property of properties) {
      const at = mine.findIndex((p) => p.name === property.name);
      if (at >= 0) mine[at] = { ...property };
      else mine.push({ ...property });
    }
    if (mine.length > MAX_APP_PROPERTIES) {
      fail(
        400,
        'paramError',
        `an app sets at most ${MAX_APP_PROPERTIES} properties on one dentry; this would make ${mine.length}`,
      );
    }
    return { ...current, [appId]: mine };
  };

  const newTask = (totalCount: number) => {
    const at = now();
    const id = newId();
    state.tasks[id] = {
      id,
      totalCount,
      successCount: totalCount,
      failCount: 0,
      beganAt: at,
      endedAt: at,
      polls: 0,
    };
    return id;
  };
  /** A folder with children answers `async: true` and a task id (the work is done already). */
  const asyncAnswer = (top: DentryRecord, count: number) =>
    top.type === 'FOLDER' && count > 1 ? { async: true, taskId: newTask(count) } : undefined;

  /** Removes a subtree for good, with its permissions; returns the blobs it held, to release after saving. */
  const purge = (top: DentryRecord): BlobRef[] => {
    const freed: BlobRef[] = [];
    const gone = new Set<string>();
    for (const dentry of subtreeOf(top)) {
      for (const version of dentry.versions ?? []) freed.push(...version.blobs);
      gone.add(dentry.id);
      delete state.dentries[dentry.id];
    }
    state.permissions = state.permissions.filter((p) => !gone.has(p.dentryId));
    return freed;
  };

  // ---- copy, move, delete, restore: shared by the single and batch operations ----
  const copy = (
    source: DentryRecord,
    targetSpaceId: string,
    targetFolderId: string,
    strategy: Strategy,
    unionId: string,
  ) => {
    const parentId = folderOf(targetSpaceId, targetFolderId);
    const tree = subtreeOf(source);
    if (source.type === 'FOLDER' && targetSpaceId === source.spaceId && tree.some((d) => d.id === parentId)) {
      fail(400, 'paramError', `cannot copy folder ${source.id} into itself`);
    }
    const spot = place(targetSpaceId, parentId, source.name, source.type, strategy);
    if (spot.existing && !spot.overwrite) return { dentry: spot.existing, count: 1 };
    const current = source.versions?.at(-1);
    checkQuota(
      targetSpaceId,
      tree.reduce((sum, d) => sum + (d.versions?.at(-1)?.size ?? 0), 0),
    );
    if (spot.existing) {
      addVersion(spot.existing, current?.blobs ?? [], unionId);
      return { dentry: spot.existing, count: 1 };
    }
    checkDentryRoom(tree.length);
    const copies = new Map<string, string>();
    let top: DentryRecord | undefined;
    for (const original of tree) {
      const copyParent = original === source ? parentId : (copies.get(original.parentId) as string);
      const latest = original.versions?.at(-1);
      const made = newDentry({
        spaceId: targetSpaceId,
        parentId: copyParent,
        type: original.type,
        name: original === source ? spot.name : original.name,
        creatorId: unionId,
        appProperties: structuredClone(original.appProperties),
      });
      if (latest) addVersion(made, latest.blobs, unionId);
      copies.set(original.id, made.id);
      top ??= made;
    }
    return { dentry: top as DentryRecord, count: tree.length };
  };

  const move = (
    source: DentryRecord,
    targetSpaceId: string,
    targetFolderId: string,
    strategy: Strategy,
    unionId: string,
  ) => {
    const parentId = folderOf(targetSpaceId, targetFolderId);
    const tree = subtreeOf(source);
    if (tree.some((d) => d.id === parentId))
      fail(400, 'paramError', `cannot move folder ${source.id} into itself`);
    if (parentId === source.parentId && targetSpaceId === source.spaceId)
      return { dentry: source, count: tree.length, freed: [] };
    const spot = place(targetSpaceId, parentId, source.name, source.type, strategy);
    if (spot.existing && !spot.overwrite) return { dentry: spot.existing, count: 1, freed: [] };
    if (targetSpaceId !== source.spaceId)
      checkQuota(
        targetSpaceId,
        tree.reduce((sum, d) => sum + bytesOf(d), 0),
      );
    if (spot.existing) {
      addVersion(spot.existing, source.versions?.at(-1)?.blobs ?? [], unionId);
      return { dentry: spot.existing, count: 1, freed: purge(source) };
    }
    for (const dentry of tree) dentry.spaceId = targetSpaceId;
    for (const permission of state.permissions) {
      if (tree.some((d) => d.id === permission.dentryId)) permission.spaceId = targetSpaceId;
    }
    source.parentId = parentId;
    source.name = spot.name;
    source.modifierId = unionId;
    source.modifiedAt = now();
    return { dentry: source, count: tree.length, freed: [] };
  };

  const remove = (dentry: DentryRecord, toRecycleBin: boolean, unionId: string) => {
    const tree = subtreeOf(dentry);
    if (!toRecycleBin) return { count: tree.length, freed: purge(dentry) };
    const item: RecycleItemRecord = {
      id: newId(),
      spaceId: dentry.spaceId,
      dentryId: dentry.id,
      type: dentry.type,
      ...(dentry.type === 'FILE' && { size: dentry.versions?.at(-1)?.size ?? 0 }),
      originalName: dentry.name,
      originalPath: pathOf(dentry),
      originalParentId: dentry.parentId,
      operatorId: unionId,
      operatedAt: now(),
    };
    for (const d of tree) d.status = 'DELETED';
    state.recycleItems[item.id] = item;
    return { count: tree.length, freed: [] as BlobRef[] };
  };

  /** Back to the folder it came from (the root when that folder is gone: this project's choice). */
  const restore = (item: RecycleItemRecord, strategy: Strategy, unionId: string) => {
    const dentry = own(state.dentries, item.dentryId);
    if (!dentry) return fail(404, 'recycleItemNotFound', `recycle item ${item.id} no longer exists`);
    const parent = own(state.dentries, item.originalParentId);
    const parentId =
      item.originalParentId !== ROOT && parent?.status === 'NORMAL' && parent.spaceId === item.spaceId
        ? item.originalParentId
        : ROOT;
    const spot = place(item.spaceId, parentId, dentry.name, dentry.type, strategy);
    const tree = subtreeOf(dentry);
    let freed: BlobRef[] = [];
    let restored = dentry;
    if (spot.existing && spot.overwrite) {
      addVersion(spot.existing, dentry.versions?.at(-1)?.blobs ?? [], unionId);
      freed = purge(dentry);
      restored = spot.existing;
    } else if (spot.existing) {
      // RETURN_DENTRY_IF_EXISTS: nothing changes, the item stays in the recycle bin.
      return { dentry: spot.existing, count: 1, freed };
    } else {
      for (const d of tree) d.status = 'NORMAL';
      dentry.parentId = parentId;
      dentry.name = spot.name;
    }
    delete state.recycleItems[item.id];
    return { dentry: restored, count: tree.length, freed };
  };

  /** Runs a batch item by item: a refusal becomes that item's `success: false` and `errorCode`. */
  const eachItem = <T>(ids: string[], run: (id: string) => T): (T | { failed: DriveError })[] =>
    ids.map((id) => {
      try {
        return run(id);
      } catch (error) {
        if (error instanceof DriveError) return { failed: error };
        throw error;
      }
    });

  // ---- recycle bins: one per space, plus the org's and the app's, which show every item ----
  const binId = (scope: string, scopeId: string) => `${scope}-${scopeId}`;
  const itemsOfBin = (recycleBinId: string): RecycleItemRecord[] => {
    const items = Object.values(state.recycleItems);
    if (recycleBinId === binId('ORG', CORP_ID) || recycleBinId === binId('APP', APP_ID)) return items;
    const spaceId = recycleBinId.startsWith('SPACE-') ? recycleBinId.slice('SPACE-'.length) : undefined;
    if (spaceId && own(state.spaces, spaceId)) return items.filter((item) => item.spaceId === spaceId);
    return fail(
      404,
      'recycleBinNotFound',
      `no recycle bin with id ${recycleBinId}: get one from getRecycleBin`,
    );
  };
  const itemOf = (recycleBinId: string, itemId: string) =>
    itemsOfBin(recycleBinId).find((item) => item.id === itemId) ??
    fail(404, 'recycleItemNotFound', `no recycle item ${itemId} in recycle bin ${recycleBinId}`);

  const livePermissions = () => {
    const at = now();
    return state.permissions.filter((p) => p.expiresAt === undefined || p.expiresAt > at);
  };
  const sameMember = (a: PermissionRecord['member'], b: PermissionRecord['member']) =>
    a.type === b.type && a.id === b.id;
  const checkGrant = (spaceId: string, duration: number | undefined) => {
    const { ownerType } = spaceOf(spaceId);
    if (ownerType === 'APP' && duration === undefined) {
      fail(
        400,
        'paramError',
        'an APP space takes temporary grants only: give option.duration (seconds, at most 3600)',
      );
    }
    if (ownerType === 'USER' && duration !== undefined) {
      fail(400, 'paramError', 'a USER space takes permanent grants only: leave option.duration out');
    }
  };

  const upload = (spaceId: string, multipart: boolean, unionId: string, preCheck: Json) => {
    spaceOf(spaceId);
    if (preCheck?.name !== undefined) checkName(preCheck.name, 'option.preCheckParam.name');
    if (preCheck?.size !== undefined) checkQuota(spaceId, Number(preCheck.size));
    const pending = Object.values(state.uploads);
    const freed: BlobRef[] = [];
    if (pending.length >= MAX_PENDING_UPLOADS) {
      const oldest = pending.reduce((a, b) => (a.createdAt <= b.createdAt ? a : b));
      freed.push(...Object.values(oldest.parts));
      delete state.uploads[oldest.uploadKey];
    }
    const record: UploadRecord = {
      uploadKey: uploadKey(),
      spaceId,
      multipart,
      parts: {},
      creatorId: unionId,
      createdAt: now(),
    };
    state.uploads[record.uploadKey] = record;
    save();
    release(freed);
    return record;
  };

  const byteTargets: ByteTargets = {
    beginPut(key) {
      const target = uploadTargetOf(key);
      if ('status' in target) return target;
      const room = limits.maxStoredBytes - storedBytes();
      return { maxBytes: Math.max(0, Math.min(MAX_PART_BYTES, room)) };
    },
    async finishPut(key, blob) {
      const target = uploadTargetOf(key);
      if ('status' in target) {
        await blobs.delete(blob.id).catch(() => {});
        return target;
      }
      const replaced = target.upload.parts[target.partNumber];
      target.upload.parts[target.partNumber] = blob;
      save();
      if (replaced) release([replaced]);
      return undefined;
    },
    content(key) {
      const match = FILE_KEY.exec(key);
      const dentry = match && own(state.dentries, match[2] as string);
      const version =
        dentry && dentry.spaceId === match?.[1] && dentry.status === 'NORMAL'
          ? dentry.versions?.find((v) => v.version === Number(match[3]))
          : undefined;
      if (!version) return ossRefusal(404, 'NoSuchKey', 'The specified key does not exist.');
      return { size: version.size, blobs: version.blobs };
    },
  };
  const uploadTargetOf = (key: ObjectKey): { upload: UploadRecord; partNumber: number } | OssRefusal => {
    const match = UPLOAD_KEY.exec(key);
    const upload = match && own(state.uploads, match[1] as string);
    const partNumber = Number(match?.[2]);
    if (!upload || partNumber < 1 || partNumber > 10_000 || (!upload.multipart && partNumber !== 1)) {
      return ossRefusal(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been committed or reset.',
      );
    }
    return { upload, partNumber };
  };

  // ---- the operations, as DingTalk names them ----
  const operations = {
    createSpace(unionId: string, option: Json) {
      const { scene, sceneId, ownerType } = option;
      const existing = Object.values(state.spaces).find((s) => s.scene === scene && s.sceneId === sceneId);
      if (existing) return { space: spaceAnswer(existing, usedBytes(existing.id)) };
      if (Object.keys(state.spaces).length >= limits.maxSpaces) {
        fail(
          403,
          'Forbidden.AccessDenied.ApiCountLimitForOrg',
          `the emulator holds at most ${limits.maxSpaces} spaces (maxSpaces) and is full: reset it between tests (mock.reset())`,
        );
      }
      const at = now();
      const space = {
        id: newId(),
        scene,
        sceneId,
        ownerType,
        ownerId: ownerType === 'APP' ? APP_ID : unionId,
        creatorId: unionId,
        modifierId: unionId,
        ...(option.name !== undefined && { name: option.name }),
        ...(option.quota !== undefined && { quota: option.quota }),
        capabilities: option.capabilities,
        createdAt: at,
        modifiedAt: at,
      };
      state.spaces[space.id] = space;
      save();
      return { space: spaceAnswer(space, 0) };
    },
    getSpace(spaceId: string) {
      return { space: spaceAnswer(spaceOf(spaceId), usedBytes(spaceId)) };
    },

    addFolder(spaceId: string, parentId: string, unionId: string, body: Body) {
      const folder = folderOf(spaceId, parentId);
      const name = checkName(body.name, 'name');
      const spot = place(spaceId, folder, name, 'FOLDER', body.option?.conflictStrategy);
      if (spot.existing) return { dentry: answer(spot.existing) };
      checkDentryRoom(1);
      const appProperties = withAppProperties(spaceId, undefined, body.option?.appProperties);
      const dentry = newDentry({
        spaceId,
        parentId: folder,
        type: 'FOLDER',
        name: spot.name,
        creatorId: unionId,
        appProperties,
      });
      save();
      return { dentry: answer(dentry) };
    },
    getDentry(spaceId: string, dentryId: string, body: Body) {
      return { dentry: answer(dentryOf(spaceId, dentryId), { appIds: body.option?.appIdsForAppProperties }) };
    },
    getDentries(spaceId: string, body: Body) {
      spaceOf(spaceId);
      const appIds = body.option?.appIdsForAppProperties;
      return {
        resultItems: eachItem(body.dentryIds as string[], (id) =>
          answer(dentryOf(spaceId, id), { appIds }),
        ).map((result, i) => {
          const dentryId = body.dentryIds[i];
          return 'failed' in result
            ? { spaceId, dentryId, success: false, errorCode: result.failed.code }
            : { spaceId, dentryId, success: true, dentry: result };
        }),
      };
    },
    listDentries(spaceId: string, query: Json) {
      const parentId = folderOf(spaceId, query.parentId);
      const keys: Record<string, (d: DentryRecord) => string | number> = {
        MODIFIED_TIME: (d) => d.versions?.at(-1)?.modifiedAt ?? d.modifiedAt,
        CREATE_TIME: (d) => d.createdAt,
        NAME: (d) => d.name,
        SIZE: (d) => d.versions?.at(-1)?.size ?? 0,
      };
      const orderBy = query.orderBy ?? 'MODIFIED_TIME';
      const { items, nextToken } = pageOf(childrenOf(spaceId, parentId), {
        list: `dentries:${spaceId}:${parentId}:${orderBy}`,
        keyOf: keys[orderBy] as (d: DentryRecord) => string | number,
        order: query.order ?? 'DESC',
        maxResults: query.maxResults ?? 50,
        nextToken: query.nextToken,
      });
      return { dentries: items.map((d) => answer(d)), ...(nextToken && { nextToken }) };
    },
    listAllDentries(spaceId: string, body: Body) {
      spaceOf(spaceId);
      const option = body.option ?? {};
      const { items, nextToken } = pageOf(
        all().filter((d) => d.spaceId === spaceId && d.status === 'NORMAL'),
        {
          list: `allDentries:${spaceId}`,
          keyOf: (d) => d.versions?.at(-1)?.modifiedAt ?? d.modifiedAt,
          order: option.order ?? 'ASC',
          maxResults: option.maxResults ?? 50,
          nextToken: option.nextToken,
        },
      );
      return { dentries: items.map((d) => answer(d)), ...(nextToken && { nextToken }) };
    },
    renameDentry(spaceId: string, dentryId: string, unionId: string, body: Body) {
      if (dentryId === ROOT) fail(400, 'paramError', 'the root folder cannot be renamed');
      const dentry = dentryOf(spaceId, dentryId);
      const name = checkName(body.newName, 'newName');
      if (name !== dentry.name && childrenOf(spaceId, dentry.parentId).some((d) => d.name === name)) {
        fail(409, 'dentryAlreadyExists', `${JSON.stringify(name)} already exists in this folder`);
      }
      dentry.name = name;
      dentry.modifierId = unionId;
      dentry.modifiedAt = now();
      save();
      return { dentry: answer(dentry) };
    },
    moveDentry(spaceId: string, dentryId: string, unionId: string, body: Body) {
      const source = dentryOf(spaceId, dentryId);
      const moved = move(
        source,
        body.targetSpaceId,
        body.targetFolderId,
        body.option?.conflictStrategy,
        unionId,
      );
      const pending = asyncAnswer(source, moved.count);
      save();
      release(moved.freed);
      return pending ?? { async: false, dentry: answer(moved.dentry) };
    },
    moveDentries(spaceId: string, unionId: string, body: Body) {
      spaceOf(spaceId);
      const { targetSpaceId, targetFolderId } = body;
      const freed: BlobRef[] = [];
      const results = eachItem(body.dentryIds as string[], (id) => {
        const source = dentryOf(spaceId, id);
        const moved = move(source, targetSpaceId, targetFolderId, body.option?.conflictStrategy, unionId);
        freed.push(...moved.freed);
        return {
          ...(asyncAnswer(source, moved.count) ?? { success: true }),
          targetSpaceId,
          targetDentryId: moved.dentry.id,
        };
      });
      save();
      release(freed);
      return { resultItems: results.map((r, i) => itemResult(spaceId, body.dentryIds[i], r)) };
    },
    copyDentry(spaceId: string, dentryId: string, unionId: string, body: Body) {
      const source = dentryOf(spaceId, dentryId);
      const copied = copy(
        source,
        body.targetSpaceId,
        body.targetFolderId,
        body.option?.conflictStrategy,
        unionId,
      );
      const pending = asyncAnswer(source, copied.count);
      save();
      return pending ?? { async: false, dentry: answer(copied.dentry) };
    },
    copyDentries(spaceId: string, unionId: string, body: Body) {
      spaceOf(spaceId);
      const { targetSpaceId, targetFolderId } = body;
      const results = eachItem(body.dentryIds as string[], (id) => {
        const source = dentryOf(spaceId, id);
        const copied = copy(source, targetSpaceId, targetFolderId, body.option?.conflictStrategy, unionId);
        return {
          ...(asyncAnswer(source, copied.count) ?? { success: true }),
          targetSpaceId,
          targetDentryId: copied.dentry.id,
        };
      });
      save();
      return { resultItems: results.map((r, i) => itemResult(spaceId, body.dentryIds[i], r)) };
    },
    deleteDentry(spaceId: string, dentryId: string, unionId: string, query: Json) {
      const dentry = dentryOf(spaceId, dentryId);
      const removed = remove(dentry, query.toRecycleBin === true, unionId);
      const pending = asyncAnswer(dentry, removed.count);
      save();
      release(removed.freed);
      return pending ?? { async: false };
    },
    deleteDentries(spaceId: string, unionId: string, body: Body) {
      spaceOf(spaceId);
      const freed: BlobRef[] = [];
      const results = eachItem(body.dentryIds as string[], (id) => {
        const dentry = dentryOf(spaceId, id);
        const removed = remove(dentry, body.option?.toRecycleBin === true, unionId);
        freed.push(...removed.freed);
        return asyncAnswer(dentry, removed.count) ?? { success: true };
      });
      save();
      release(freed);
      return { resultItems: results.map((r, i) => itemResult(spaceId, body.dentryIds[i], r)) };
    },
    getDentryThumbnails(spaceId: string, body: Body) {
      spaceOf(spaceId);
      // The emulator renders no thumbnails: each file answers `thumbnailNotAvailable` (this project's code).
      return {
        resultItems: eachItem(body.dentryIds as string[], (id) => dentryOf(spaceId, id)).map((r, i) => ({
          spaceId,
          dentryId: body.dentryIds[i],
          success: false,
          errorCode: 'failed' in r ? r.failed.code : 'thumbnailNotAvailable',
        })),
      };
    },

    async getFileUploadInfo(spaceId: string, unionId: string, body: Body) {
      const record = upload(spaceId, Boolean(body.multipart), unionId, body.option?.preCheckParam);
      return {
        uploadKey: record.uploadKey,
        storageDriver: 'DINGTALK',
        protocol: 'HEADER_SIGNATURE',
        headerSignatureInfo: await signer.sign('PUT', `uploads/${record.uploadKey}/1`),
      };
    },
    initMultipartFileUpload(spaceId: string, unionId: string, body: Body) {
      const record = upload(spaceId, true, unionId, body.option?.preCheckParam);
      return { uploadKey: record.uploadKey, storageDriver: 'DINGTALK' };
    },
    async getMultipartFileUploadInfos(body: Body) {
      const record = own(state.uploads, body.uploadKey);
      if (!record)
        return fail(
          404,
          'uploadKeyNotFound',
          'no upload with this uploadKey: it was committed, never made, or the emulator was reset',
        );
      if (!record.multipart)
        fail(
          400,
          'paramError',
          'this uploadKey is for a single-request upload (getFileUploadInfo): PUT to its resourceUrls',
        );
      const partNumbers = [...new Set(body.partNumbers as number[])];
      return {
        multipartHeaderSignatureInfos: await Promise.all(
          partNumbers.map(async (partNumber) => ({
            partNumber,
            headerSignatureInfo: await signer.sign('PUT', `uploads/${record.uploadKey}/${partNumber}`),
          })),
        ),
      };
    },
    commitFile(spaceId: string, unionId: string, body: Body) {
      spaceOf(spaceId);
      const record = own(state.uploads, body.uploadKey);
      if (!record || record.spaceId !== spaceId) {
        return fail(
          404,
          'uploadKeyNotFound',
          `no upload with this uploadKey in space ${spaceId}: it was committed, never made, or the emulator was reset`,
        );
      }
      const partNumbers = Object.keys(record.parts)
        .map(Number)
        .sort((a, b) => a - b);
      if (!partNumbers.length)
        fail(
          409,
          'uploadNotFinished',
          'no bytes were PUT for this uploadKey yet: PUT them to the signed URL(s) first',
        );
      const parts = partNumbers.map((n) => record.parts[n] as BlobRef);
      const size = parts.reduce((sum, blob) => sum + blob.size, 0);
      const option = body.option ?? {};
      if (option.size !== undefined && Number(option.size) !== size) {
        fail(409, 'uploadSizeMismatch', `option.size is ${option.size} but ${size} bytes were uploaded`);
      }
      const name = checkName(body.name, 'name');
      const parentId = folderOf(spaceId, body.parentId);
      // Where the bytes go: a new version of an existing file, or a new file (named `newName`).
      let target: DentryRecord | undefined;
      let newName: string | undefined;
      if (body.overwriteDentryId !== undefined) {
        target = fileOf(spaceId, body.overwriteDentryId);
      } else {
        const spot = place(spaceId, parentId, name, 'FILE', option.conflictStrategy);
        if (spot.existing && !spot.overwrite) {
          // RETURN_DENTRY_IF_EXISTS: the file stays as it was; the upload is used up.
          delete state.uploads[record.uploadKey];
          save();
          release(parts);
          return { dentry: answer(spot.existing) };
        }
        target = spot.existing;
        newName = spot.existing ? undefined : spot.name;
      }
      // Every check before anything changes: a refused commit leaves the drive as it was.
      checkQuota(spaceId, size);
      if (newName !== undefined) checkDentryRoom(1);
      const appProperties = withAppProperties(spaceId, target, option.appProperties);
      const file =
        target ?? newDentry({ spaceId, parentId, type: 'FILE', name: newName as string, creatorId: unionId });
      addVersion(file, parts, unionId);
      file.appProperties = appProperties;
      delete state.uploads[record.uploadKey];
      save();
      release(parts);
      return { dentry: answer(file) };
    },
    async getFileDownloadInfo(spaceId: string, dentryId: string, body: Body) {
      const file = fileOf(spaceId, dentryId);
      const { version } = versionOf(file, body.option?.version);
      return {
        protocol: 'HEADER_SIGNATURE',
        headerSignatureInfo: await signer.sign('GET', `files/${spaceId}/${dentryId}/${version}`),
      };
    },
    listDentryVersions(spaceId: string, dentryId: string, query: Json) {
      const file = fileOf(spaceId, dentryId);
      const versions = file.versions.map((v) => ({ id: String(v.version), v }));
      const { items, nextToken } = pageOf(versions, {
        list: `versions:${dentryId}`,
        keyOf: ({ v }) => v.version,
        order: 'DESC',
        maxResults: query.maxResults ?? 100,
        nextToken: query.nextToken,
      });
      return {
        dentries: items.map(({ v }) => dentryAnswer(file, pathOf(file), { version: v })),
        ...(nextToken && { nextToken }),
      };
    },
    revertDentryVersion(spaceId: string, dentryId: string, version: number, unionId: string) {
      const file = fileOf(spaceId, dentryId);
      const chosen = versionOf(file, version);
      checkQuota(spaceId, chosen.size);
      addVersion(file, chosen.blobs, unionId);
      save();
      return { success: true };
    },
    updateDentryAppProperties(spaceId: string, dentryId: string, body: Body) {
      const dentry = dentryOf(spaceId, dentryId);
      dentry.appProperties = withAppProperties(spaceId, dentry, body.appProperties);
      save();
      return { success: true };
    },
    deleteDentryAppProperties(spaceId: string, dentryId: string, body: Body) {
      const dentry = dentryOf(spaceId, dentryId);
      const names = new Set(body.propertyNames as string[]);
      const appId = spaceOf(spaceId).ownerId;
      const kept = (own(dentry.appProperties, appId) ?? []).filter((p) => !names.has(p.name));
      const { [appId]: _removed, ...others } = dentry.appProperties;
      dentry.appProperties = kept.length ? { ...others, [appId]: kept } : others;
      save();
      return { success: true };
    },
    getDentryOpenInfo(spaceId: string, dentryId: string, body: Body) {
      const file = fileOf(spaceId, dentryId);
      const { version } = versionOf(file, body.option?.version);
      const type = body.option?.type ?? 'PREVIEW';
      return {
        url: `https://emulator.dingtalk-storage.invalid/open/${spaceId}/${dentryId}?version=${version}&type=${type}`,
        hasWaterMark: body.option?.waterMark === true,
      };
    },
    registerOpenInfo(spaceId: string, dentryId: string) {
      dentryOf(spaceId, dentryId);
      return { success: true };
    },
    getWebOfficeUrl(spaceId: string, dentryId: string) {
      fileOf(spaceId, dentryId);
      return {
        webOfficeUrl: `https://emulator.dingtalk-storage.invalid/weboffice/${spaceId}/${dentryId}`,
        webOfficeAccessToken: randomSecret(),
        webOfficeRefreshToken: randomSecret(),
      };
    },
    refreshWebOfficeToken(spaceId: string, dentryId: string) {
      fileOf(spaceId, dentryId);
      return { webOfficeAccessToken: randomSecret(), webOfficeRefreshToken: randomSecret() };
    },

    addPermission(spaceId: string, dentryId: string, unionId: string, body: Body) {
      dentryOf(spaceId, dentryId);
      const duration: number | undefined = body.option?.duration;
      checkGrant(spaceId, duration);
      const at = now();
      for (const member of body.members as PermissionRecord['member'][]) {
        const existing = state.permissions.find(
          (p) => p.dentryId === dentryId && p.roleId === body.roleId && sameMember(p.member, member),
        );
        const grant = {
          ...(duration !== undefined && { duration, expiresAt: at + duration * 1000 }),
          operatorId: unionId,
          modifiedAt: at,
        };
        if (existing) {
          delete existing.duration;
          delete existing.expiresAt;
          Object.assign(existing, grant);
        } else {
          state.permissions.push({
            spaceId,
            dentryId,
            member: { ...member },
            roleId: body.roleId,
            createdAt: at,
            ...grant,
          });
        }
      }
      save();
      return { success: true };
    },
    /** Gives each member this role instead of the roles they had on the dentry. */
    updatePermission(spaceId: string, dentryId: string, unionId: string, body: Body) {
      dentryOf(spaceId, dentryId);
      const members = body.members as PermissionRecord['member'][];
      state.permissions = state.permissions.filter(
        (p) => p.dentryId !== dentryId || !members.some((m) => sameMember(p.member, m)),
      );
      return operations.addPermission(spaceId, dentryId, unionId, body);
    },
    deletePermission(spaceId: string, dentryId: string, body: Body) {
      dentryOf(spaceId, dentryId);
      const members = body.members as PermissionRecord['member'][];
      state.permissions = state.permissions.filter(
        (p) =>
          p.dentryId !== dentryId ||
          p.roleId !== body.roleId ||
          !members.some((m) => sameMember(p.member, m)),
      );
      save();
      return { success: true };
    },
    listPermissions(spaceId: string, dentryId: string, body: Body) {
      dentryOf(spaceId, dentryId);
      const option = body.option ?? {};
      const roles: string[] | undefined = option.filterRoleIds;
      const grants = livePermissions()
        .filter((p) => p.dentryId === dentryId && (!roles?.length || roles.includes(p.roleId)))
        .map((p) => ({ id: `${p.roleId}:${p.member.type}:${p.member.id}`, p }));
      const { items, nextToken } = pageOf(grants, {
        list: `permissions:${dentryId}:${roles?.join(',') ?? ''}`,
        keyOf: ({ p }) => p.createdAt,
        maxResults: option.maxResults ?? 50,
        nextToken: option.nextToken,
      });
      return { permissions: items.map(({ p }) => permissionAnswer(p)), ...(nextToken && { nextToken }) };
    },
    /** The operator's roles on each dentry: OWNER of what they created, plus live grants to them here or above. */
    batchQueryRoles(spaceId: string, unionId: string, dentryIds: string[]) {
      spaceOf(spaceId);
      const roleMap: Record<string, Json[]> = {};
      const grants = livePermissions();
      for (const dentryId of dentryIds) {
        const dentry = own(state.dentries, dentryId);
        if (!dentry || dentry.spaceId !== spaceId || dentry.status !== 'NORMAL') continue;
        const roles = new Set<string>();
        if (dentry.creatorId === unionId || own(state.spaces, spaceId)?.ownerId === unionId)
          roles.add('OWNER');
        for (let d: DentryRecord | undefined = dentry; d; d = own(state.dentries, d.parentId)) {
          const here = (d as DentryRecord).id;
          for (const p of grants) {
            if (
              p.dentryId === here &&
              (p.member.type === 'ALL_USERS' || p.member.type === 'ORG' || p.member.id === unionId)
            )
              roles.add(p.roleId);
          }
        }
        roleMap[dentryId] = [...roles].map(roleAnswer);
      }
      return { roleMap };
    },

    getRecycleBin(scope: string, scopeId: string) {
      checkScope(scope, scopeId);
      return { recycleBin: { id: binId(scope, scopeId), scope, scopeId } };
    },
    listRecycleItems(recycleBinId: string, query: Json) {
      const { items, nextToken } = pageOf(itemsOfBin(recycleBinId), {
        list: `recycleItems:${recycleBinId}`,
        keyOf: (item) => item.operatedAt,
        order: 'DESC',
        maxResults: query.maxResults ?? 50,
        nextToken: query.nextToken,
      });
      return { recycleItems: items.map(recycleItemAnswer), ...(nextToken && { nextToken }) };
    },
    getRecycleItem(recycleBinId: string, itemId: string) {
      return { item: recycleItemAnswer(itemOf(recycleBinId, itemId)) };
    },
    deleteRecycleItem(recycleBinId: string, itemId: string) {
      const freed = purgeItem(itemOf(recycleBinId, itemId));
      save();
      release(freed);
      return { success: true };
    },
    deleteRecycleItems(recycleBinId: string, body: Body) {
      const items = (body.recycleItemIds as string[]).map((id) => itemOf(recycleBinId, id));
      const freed = items.flatMap(purgeItem);
      save();
      release(freed);
      return { success: true };
    },
    restoreRecycleItem(recycleBinId: string, itemId: string, unionId: string, body: Body) {
      const item = itemOf(recycleBinId, itemId);
      const restored = restore(item, body.option?.conflictStrategy, unionId);
      const pending = asyncAnswer(restored.dentry, restored.count);
      save();
      release(restored.freed);
      return { spaceId: item.spaceId, dentryId: restored.dentry.id, ...(pending ?? { async: false }) };
    },
    restoreRecycleItems(recycleBinId: string, unionId: string, body: Body) {
      const freed: BlobRef[] = [];
      const results = eachItem(body.recycleItemIds as string[], (id) => {
        const item = itemOf(recycleBinId, id);
        const restored = restore(item, body.option?.conflictStrategy, unionId);
        freed.push(...restored.freed);
        return {
          spaceId: item.spaceId,
          dentryId: restored.dentry.id,
          ...(asyncAnswer(restored.dentry, restored.count) ?? { success: true }),
        };
      });
      save();
      release(freed);
      return {
        resultItems: results.map((r, i) => ({
          recycleBinId,
          recycleItemId: body.recycleItemIds[i],
          ...('failed' in r ? { success: false, errorCode: r.failed.code } : r),
        })),
      };
    },
    clearRecycleBin(recycleBinId: string) {
      const freed = itemsOfBin(recycleBinId).flatMap(purgeItem);
      save();
      release(freed);
      return { success: true };
    },

    getTask(taskId: string) {
      const task = own(state.tasks, taskId) ?? fail(404, 'taskNotFound', `no task with id ${taskId}`);
      task.polls++;
      save();
      return { task: taskAnswer(task) };
    },
    subscribeEvent(body: Body) {
      checkScope(body.scope, body.scopeId);
      const key = `${body.scope}:${body.scopeId}`;
      if (!state.subscriptions.includes(key)) state.subscriptions.push(key);
      save();
      return { success: true };
    },
    unsubscribeEvent(body: Body) {
      checkScope(body.scope, body.scopeId);
      state.subscriptions = state.subscriptions.filter((key) => key !== `${body.scope}:${body.scopeId}`);
      save();
      return { success: true };
    },
    getOrg(corpId: string) {
      if (corpId !== CORP_ID)
        fail(404, 'orgNotFound', `no organization with corpId ${corpId}: the emulator's is ${CORP_ID}`);
      return { org: { corpId: CORP_ID, partitions: partitionsAnswer(storedBytes(), limits.maxStoredBytes) } };
    },
    getCurrentApp() {
      const at = timestamp(0);
      return {
        app: {
          appId: APP_ID,
          corpId: CORP_ID,
          name: APP_NAME,
          createTime: at,
          modifiedTime: at,
          partitions: partitionsAnswer(storedBytes(), limits.maxStoredBytes),
        },
      };
    },
  };

  /** The org (its corpId), the app (its appId) or a space: the spec's codes for an unknown one. */
  const checkScope = (scope: string, scopeId: string) => {
    if (scope === 'SPACE') spaceOf(scopeId);
    else if (scope === 'ORG' && scopeId !== CORP_ID) {
      fail(404, 'orgNotFound', `no organization with corpId ${scopeId}: the emulator's is ${CORP_ID}`);
    } else if (scope === 'APP' && scopeId !== APP_ID) {
      fail(404, 'orgNotFound', `no app with id ${scopeId} in the organization: the emulator's is ${APP_ID}`);
    }
  };
  const purgeItem = (item: RecycleItemRecord): BlobRef[] => {
    delete state.recycleItems[item.id];
    const dentry = own(state.dentries, item.dentryId);
    return dentry ? purge(dentry) : [];
  };
  const pageOf = <T extends { id: string }>(items: T[], options: Parameters<typeof page<T>>[1]) => {
    try {
      return page(items, options);
    } catch (error) {
      return fail(400, 'paramError', (error as Error).message);
    }
  };

  return {
    ...operations,
    ...byteTargets,
    /** Removes blobs no state names (a kill -9 between a PUT's write and its record). */
    async collectGarbage() {
      const referenced = referencedBlobs();
      for (const id of await blobs.list()) if (!referenced.has(id)) await blobs.delete(id);
    },
    /** Empties the drive, bytes included. */
    reset() {
      const freed = [...referencedBlobs().values()];
      state = emptyState(state.urlSecret);
      save();
      for (const blob of freed) blobs.delete(blob.id).catch(() => {});
    },
    close: () => store.close(),
  };
}

/** A record by its id, from the record's own keys only: an id such as `valueOf` or `__proto__` names nothing. */
function own<T>(records: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(records, id) ? records[id] : undefined;
}

function itemResult(spaceId: string, dentryId: string, result: Json) {
  return 'failed' in result
    ? { spaceId, dentryId, success: false, errorCode: (result.failed as DriveError).code }
    : { spaceId, dentryId, ...result };
}

function ossRefusal(status: number, code: string, message: string): OssRefusal {
  return { status, code, message };
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}

/** An upload key: opaque, URL-safe, unguessable. */
function uploadKey(): string {
  return randomSecret();
}
