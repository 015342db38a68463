// Starts http-server.mjs in a child process and resolves to its base URL and a stop function.
import { spawn } from 'node:child_process';

export function startLocalServer() {
  const child = spawn(process.execPath, [new URL('./http-server.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk) => {
      resolve({
        url: `http://127.0.0.1:${String(chunk).trim()}`,
        stop: () =>
          new Promise((done) => {
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
