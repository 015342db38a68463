// The drive's state on disk (`dataDir`): `state.json`, replaced whole after every change by writing a temp
// file, fsyncing it and renaming it over the old one, so a kill -9 at any moment leaves the old state or the
// new one, never half of one. `lock` holds the pid of the emulator using the folder: two emulators writing
// one state would lose each other's changes. Node only.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseExactJson, stringifyExactJson } from '../exact-json.js';
import type { DriveState, StateStore } from './state.js';

/** Deep enough for any state (dentries are not nested in it); the parser's default guards request bodies. */
const STATE_MAX_DEPTH = 16;
/** The folders this process holds, so two emulators in one process are refused as two processes are. */
const held = new Set<string>();

export function createFileStateStore(dir: string): StateStore {
  mkdirSync(dir, { recursive: true });
  const statePath = join(dir, 'state.json');
  const lockPath = join(dir, 'lock');
  if (held.has(lockPath)) {
    throw new Error(
      `Another emulator in this process uses the data folder ${dir}: close it first, or give this one its own \`dataDir\`.`,
    );
  }
  takeLock(lockPath, dir);
  held.add(lockPath);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(statePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const state = parseExactJson(text, STATE_MAX_DEPTH) as DriveState;
      if (state?.format !== 1) {
        throw new Error(
          `${statePath} is not a drive state this emulator can read (format ${JSON.stringify(state?.format)})`,
        );
      }
      return state;
    },
    save(state) {
      const temp = `${statePath}.tmp`;
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, stringifyExactJson(state));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, statePath);
      syncFolder(dir);
    },
    close() {
      held.delete(lockPath);
      rmSync(lockPath, { force: true });
    },
  };
}

/** The rename itself is durable only once the folder is synced. */
function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function takeLock(lockPath: string, dir: string): void {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const pid = Number(readFileSync(lockPath, 'utf8'));
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw new Error(
      `Another emulator (pid ${pid}) uses the data folder ${dir}: stop it first, or give this one its own \`dataDir\`.`,
    );
  }
  // Left by an emulator that was killed: take it over.
  writeFileSync(lockPath, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
