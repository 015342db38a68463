// The drive's whole state as one plain, JSON-able value (integers beyond 2^53 as BigInts, written exactly by
// exact-json.ts): what a store saves after every change and loads at start. Records hold what DingTalk's
// answers are built from; answers themselves are built in answers.ts. Bytes are not here: a file version
// names its blobs in the blob store (bytes.ts).
import type { BlobRef } from './bytes.js';

export type ConflictStrategy =
  | 'AUTO_RENAME'
  | 'OVERWRITE'
  | 'RETURN_DENTRY_IF_EXISTS'
  | 'RETURN_ERROR_IF_EXISTS';

export interface SpaceRecord {
  id: string;
  /** The (scene, sceneId) the space was created for: createSpace answers the same space for them. */
  scene: string;
  sceneId: string;
  ownerType: 'USER' | 'APP';
  ownerId: string;
  creatorId: string;
  modifierId: string;
  name?: string;
  /** Bytes; absent = no quota of its own. A BigInt beyond 2^53 (a Java Long, echoed exactly). */
  quota?: number | bigint;
  capabilities: unknown;
  createdAt: number;
  modifiedAt: number;
}

export interface FileVersion {
  version: number;
  size: number;
  /** The bytes, in order: an upload's parts as they were PUT (never copied), shared by copies and reverts. */
  blobs: BlobRef[];
  modifierId: string;
  modifiedAt: number;
}

export interface AppPropertyRecord {
  name: string;
  value: string;
  visibility: 'PUBLIC' | 'PRIVATE';
}

export interface DentryRecord {
  id: string;
  /** Stays the same when the dentry is moved or renamed. */
  uuid: string;
  spaceId: string;
  /** '0' for the space root. */
  parentId: string;
  type: 'FILE' | 'FOLDER';
  name: string;
  /** DELETED: in the recycle bin (the whole subtree of a recycled folder is DELETED). */
  status: 'NORMAL' | 'DELETED';
  creatorId: string;
  modifierId: string;
  createdAt: number;
  modifiedAt: number;
  /** Files only: every version, oldest first; the last is the current one. */
  versions?: FileVersion[];
  /** By app id: the properties that app set (at most MAX_APP_PROPERTIES each). */
  appProperties: Record<string, AppPropertyRecord[]>;
}

export interface UploadRecord {
  uploadKey: string;
  spaceId: string;
  multipart: boolean;
  /** By part number (1 for a single-request upload): the bytes PUT for it, the latest PUT winning. */
  parts: Record<string, BlobRef>;
  creatorId: string;
  createdAt: number;
}

export interface RecycleItemRecord {
  id: string;
  spaceId: string;
  /** The top dentry recycled (its subtree went with it). */
  dentryId: string;
  type: 'FILE' | 'FOLDER';
  size?: number;
  originalName: string;
  originalPath: string;
  /** The folder it came from, to restore it there. */
  originalParentId: string;
  operatorId: string;
  operatedAt: number;
}

export interface PermissionRecord {
  spaceId: string;
  dentryId: string;
  member: { type: string; id: string; corpId?: string };
  roleId: string;
  /** Seconds, for a temporary grant; it lapses at `expiresAt`. */
  duration?: number;
  expiresAt?: number;
  operatorId: string;
  createdAt: number;
  modifiedAt: number;
}

export interface TaskRecord {
  id: string;
  totalCount: number;
  successCount: number;
  failCount: number;
  beganAt: number;
  endedAt: number;
  /** getTask answers IN_PROGRESS to the first poll and SUCCESS after, so waiting code runs its loop once. */
  polls: number;
}

export interface DriveState {
  format: 1;
  /** Signs the byte origin's URLs: kept with the state, so URLs handed out before a restart still work. */
  urlSecret: string;
  nextId: number;
  spaces: Record<string, SpaceRecord>;
  dentries: Record<string, DentryRecord>;
  uploads: Record<string, UploadRecord>;
  recycleItems: Record<string, RecycleItemRecord>;
  permissions: PermissionRecord[];
  tasks: Record<string, TaskRecord>;
  /** `${scope}:${scopeId}` of each event subscription. */
  subscriptions: string[];
}

export function emptyState(urlSecret: string): DriveState {
  return {
    format: 1,
    urlSecret,
    nextId: 30_000_000_001,
    spaces: {},
    dentries: {},
    uploads: {},
    recycleItems: {},
    permissions: [],
    tasks: {},
    subscriptions: [],
  };
}

/** Where the state lives between changes: memory (nothing to do) or a file under `dataDir` (state-store-fs.ts). */
export interface StateStore {
  /** The state saved last; undefined for a new drive. */
  load(): DriveState | undefined;
  /** Saves the state; once it returns, a kill -9 keeps it. */
  save(state: DriveState): void;
  /** Lets another emulator use the store. */
  close(): void;
}

export const memoryStateStore = (): StateStore => ({
  load: () => undefined,
  save: () => {},
  close: () => {},
});
