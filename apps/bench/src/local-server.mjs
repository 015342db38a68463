// Starts a server script (http-server.mjs by default) in a child process and resolves to its base URL and a
// stop function. The script prints its port on its first line; its stdin is a pipe this process holds, which
// a script may watch to end with this process.
import { spawn } from 'node:child_process';

export function startLocalServer(script = new URL('./http-server.mjs', import.meta.url), args = []) {
  const child = spawn(process.execPath, [script.pathname, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.once('exit', () => child.stdin.destroy());
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`bench: ${script.pathname} exited (${code}) before its port`)),
    );
    child.stdout.once('data', (chunk) => {
      resolve({
        url: `http://127.0.0.1:${String(chunk).trim()}`,
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
