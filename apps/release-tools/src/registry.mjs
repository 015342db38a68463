// Starts the dry-run's registry (registry-server.mjs) and signs a user in: what `npm`, `pnpm`, `yarn` and
// `changeset publish` need to talk to it (an .npmrc with the registry and the token).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const server = new URL('./registry-server.mjs', import.meta.url);

/**
 * `reaper` (see reaper.mjs) is told of the registry's folder: the registry removes it as it exits, but a
 * Ctrl-C or a SIGKILL can end it before it does.
 */
export async function startRegistry(reaper) {
  const dir = mkdtempSync(join(tmpdir(), 'dingtalk-storage-registry-'));
  reaper.removeOnEnd(dir);
  // stdin is a pipe this process holds: the registry exits when it closes (see registry-server.mjs).
  const child = spawn(process.execPath, [server.pathname, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the registry did not start within 30 s:\n${output}`)),
      30_000,
    );
    const onData = (chunk) => {
      output += chunk;
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the registry exited (${code}):\n${output}`)));
  });
  const user = { name: 'release-dry-run', password: 'dry-run-password', email: 'dry-run@example.invalid' };
  const response = await fetch(`${url}/-/user/org.couchdb.user:${user.name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const { token } = await response.json();
  if (!token) throw new Error(`the registry did not sign the dry-run's user in (HTTP ${response.status})`);
  const host = url.replace(/^http:/, '');
  return {
    url,
    /** An .npmrc that points npm and pnpm at the registry, signed in: what publishing needs. */
    npmrc: `registry=${url}/\n${host}/:_authToken=${token}\n`,
    output: () => output,
    /** Ends the registry; it removes its storage as it exits (the reaper does it again if it could not). */
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}
