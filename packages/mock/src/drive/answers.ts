// The drive's records as DingTalk answers them: a Space with its used bytes and partitions, a Dentry with
// its path, a recycle item, a permission, a task. Timestamps are DingTalk's shape, minutes precision in UTC
// (`2022-07-29T14:55Z`); the records keep milliseconds, so ordering by time stays exact.

import { extensionOf } from './names.js';
import type {
  DentryRecord,
  FileVersion,
  PermissionRecord,
  RecycleItemRecord,
  SpaceRecord,
  TaskRecord,
} from './state.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON built here and checked by the contract suite.
export type Json = any;

export const CORP_ID = 'dingmockcorp0000000000000000';
export const APP_ID = '5000123';
export const APP_NAME = 'dingtalk-storage emulator';
export const PARTITION_TYPE = 'PUBLIC_OSS_PARTITION';

/** DingTalk's timestamp shape: minutes precision, UTC (`2022-07-29T14:55Z`). */
export function timestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

export function spaceAnswer(space: SpaceRecord, usedQuota: number): Json {
  const { quota } = space;
  return {
    id: space.id,
    corpId: CORP_ID,
    creatorId: space.creatorId,
    ownerType: space.ownerType,
    ownerId: space.ownerId,
    modifierId: space.modifierId,
    usedQuota,
    ...(quota !== undefined && { quota }),
    status: 'NORMAL',
    createTime: timestamp(space.createdAt),
    modifiedTime: timestamp(space.modifiedAt),
    appId: APP_ID,
    scene: space.scene,
    sceneId: space.sceneId,
    capabilities: space.capabilities,
    ...(space.name !== undefined && { name: space.name }),
    partitions: [
      {
        partitionType: PARTITION_TYPE,
        quota:
          quota === undefined
            ? { used: usedQuota, type: 'SHARE' }
            : { used: usedQuota, max: quota, reserved: quota, type: 'PRIVATE' },
      },
    ],
  };
}

/** The org's or the app's partitions: the bytes stored, out of the emulator's `maxStoredBytes`. */
export function partitionsAnswer(used: number, max: number): Json[] {
  return [{ partitionType: PARTITION_TYPE, quota: { used, max, type: 'SHARE' } }];
}

/**
 * A dentry as DingTalk answers it. `version` picks a file version (listDentryVersions); `appIds` picks
 * whose app properties to show (getDentry's `appIdsForAppProperties`; every app's when omitted, as the spec says).
 */
export function dentryAnswer(
  dentry: DentryRecord,
  path: string,
  { version, appIds }: { version?: FileVersion; appIds?: string[] } = {},
): Json {
  const shown = version ?? dentry.versions?.at(-1);
  const extension = dentry.type === 'FILE' ? extensionOf(dentry.name) : undefined;
  const appProperties = Object.fromEntries(
    (appIds ?? Object.keys(dentry.appProperties)).flatMap((appId) => {
      const properties = Object.hasOwn(dentry.appProperties, appId) ? dentry.appProperties[appId] : undefined;
      return properties?.length ? [[appId, properties.map((property) => ({ ...property }))]] : [];
    }),
  );
  return {
    id: dentry.id,
    uuid: dentry.uuid,
    spaceId: dentry.spaceId,
    parentId: dentry.parentId,
    type: dentry.type,
    name: dentry.name,
    ...(extension !== undefined && { extension }),
    ...(shown && { size: shown.size, version: shown.version }),
    path,
    status: dentry.status,
    creatorId: dentry.creatorId,
    modifierId: shown?.modifierId ?? dentry.modifierId,
    createTime: timestamp(dentry.createdAt),
    modifiedTime: timestamp(shown?.modifiedAt ?? dentry.modifiedAt),
    partitionType: PARTITION_TYPE,
    storageDriver: 'DINGTALK',
    properties: { readOnly: false },
    ...(Object.keys(appProperties).length > 0 && { appProperties }),
  };
}

export function recycleItemAnswer(item: RecycleItemRecord): Json {
  return {
    id: item.id,
    spaceId: item.spaceId,
    dentryId: item.dentryId,
    type: item.type,
    ...(item.size !== undefined && { size: item.size }),
    originalName: item.originalName,
    originalPath: item.originalPath,
    operatorId: item.operatorId,
    operatorTime: timestamp(item.operatedAt),
  };
}

const ROLE_NAMES: Record<string, string> = {
  OWNER: 'Owner',
  MANAGER: 'Manager',
  EDITOR: 'Editor',
  DOWNLOADER: 'Downloader',
  READER: 'Reader',
};

export const roleAnswer = (roleId: string): Json => ({ id: roleId, name: ROLE_NAMES[roleId] ?? roleId });

export function permissionAnswer(permission: PermissionRecord): Json {
  return {
    spaceId: permission.spaceId,
    dentryId: permission.dentryId,
    member: { ...permission.member },
    role: roleAnswer(permission.roleId),
    ...(permission.duration !== undefined && { duration: permission.duration }),
    operatorId: permission.operatorId,
    createTime: timestamp(permission.createdAt),
    modifiedTime: timestamp(permission.modifiedAt),
  };
}

export function taskAnswer(task: TaskRecord): Json {
  const done = task.polls > 1;
  return {
    id: task.id,
    status: done ? 'SUCCESS' : 'IN_PROGRESS',
    totalCount: task.totalCount,
    successCount: done ? task.successCount : 0,
    failCount: done ? task.failCount : 0,
    beginTime: timestamp(task.beganAt),
    ...(done && { endTime: timestamp(task.endedAt) }),
  };
}
