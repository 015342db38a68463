// The Dockerfile cannot be built here (no Docker, and it installs the published package), so this checks what
// a reader would: it installs this package, runs its bin reachable from outside, the ports it exposes are the
// ports the CLI listens on (the API's and the byte origin's) and the ports the README's `docker run`
// publishes, and the admin token that
// `docker run` passes from the environment is the one the CLI reads: with it the entrypoint starts and
// guards the admin API, without it the entrypoint refuses to start.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { runCli, startCli } from './cli.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const packageJson = JSON.parse(read('package.json'));
const dockerfile = read('Dockerfile');
const readme = read('README.md');

const instruction = (name: string) =>
  dockerfile
    .split('\n')
    .filter((line) => line.startsWith(`${name} `))
    .map((line) => line.slice(name.length + 1));

const [entrypoint] = instruction('ENTRYPOINT');
const [bin, ...entrypointArgs] = JSON.parse(entrypoint ?? '[]');
const [command] = instruction('CMD');
const commandArgs: string[] = JSON.parse(command ?? '[]');
const run = /^docker run .*-p (\d+):(\d+) -p (\d+):(\d+) -e (\w+) (\S+)/m.exec(readme);

it('installs the published package and runs its bin, on all interfaces', () => {
  expect(instruction('RUN').join('\n')).toContain(
    `npm install --global --no-audit --no-fund ${packageJson.name}@`,
  );
  expect(Object.keys(packageJson.bin)).toEqual([bin]);
  expect(entrypointArgs).toEqual(['--host', '0.0.0.0']);
});

it('exposes the ports the CLI listens on ($PORT, $BLOB_PORT), the ones the README publishes', () => {
  const exposed = instruction('EXPOSE');
  expect(exposed).toHaveLength(2);
  expect(instruction('ENV')).toEqual([`PORT=${exposed[0]}`, `BLOB_PORT=${exposed[1]}`]);
  expect([run?.[2], run?.[4]]).toEqual(exposed);
  const build = /^docker build -t (\S+) .* packages\/mock$/m.exec(readme);
  expect(run?.[6]).toBe(build?.[1]);
  // The same two lines head the Dockerfile.
  expect(dockerfile).toContain(`#   ${build?.[0]}`);
  expect(dockerfile).toContain(`#   ${run?.[0]}`);
});

it('the entrypoint starts with the admin token `docker run -e` passes, and its admin API needs it', async () => {
  const variable = run?.[5] ?? '';
  const token = 'container-admin-token-0123456789';
  const blobPort = await freePort();
  const cli = await startCli([...entrypointArgs, ...commandArgs], {
    PORT: '0',
    BLOB_PORT: String(blobPort),
    [variable]: token,
  });
  try {
    // The byte origin listens on $BLOB_PORT: an unsigned request there is refused as OSS refuses it.
    expect(cli.output()).toContain(`:${blobPort}`);
    const unsigned = await fetch(`http://127.0.0.1:${blobPort}/dingtalk-storage-emulator/x`);
    expect([unsigned.status, await unsigned.text()]).toEqual([
      403,
      expect.stringContaining('<Code>AccessDenied</Code>'),
    ]);
    expect((await fetch(`${cli.url}/__mock/requests`)).status).toBe(401);
    const authorized = { headers: { authorization: `Bearer ${token}` } };
    expect((await fetch(`${cli.url}/__mock/requests`, authorized)).status).toBe(200);
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
});

it('without the admin token the entrypoint refuses to start, saying which variable to set', async () => {
  const variable = run?.[5] ?? '';
  const { code, stderr } = await runCli([...entrypointArgs, ...commandArgs], { PORT: '0', [variable]: '' });
  expect(code).toBe(2);
  expect(stderr).toContain(`$${variable}`);
});

it("the README's npx one-liner names the published package and its bin", () => {
  const [name] = Object.keys(packageJson.bin);
  expect(readme).toContain(`npx -p ${packageJson.name} ${name} `);
});

/** A port nothing listens on now (the CLI takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
