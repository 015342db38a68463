// The Dockerfile cannot be built here (no Docker, and it installs the published package), so this checks what
// a reader would: it installs this package, runs its bin reachable from outside, and the port it exposes is
// the port the CLI listens on and the port the README's `docker run` publishes.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const packageJson = JSON.parse(read('package.json'));
const dockerfile = read('Dockerfile');
const readme = read('README.md');

const instruction = (name: string) =>
  dockerfile
    .split('\n')
    .filter((line) => line.startsWith(`${name} `))
    .map((line) => line.slice(name.length + 1));

it('installs the published package and runs its bin, on all interfaces', () => {
  expect(instruction('RUN').join('\n')).toContain(
    `npm install --global --no-audit --no-fund ${packageJson.name}@`,
  );
  const [entrypoint] = instruction('ENTRYPOINT');
  const [bin, ...args] = JSON.parse(entrypoint ?? '[]');
  expect(Object.keys(packageJson.bin)).toEqual([bin]);
  expect(args).toEqual(['--host', '0.0.0.0']);
});

it('exposes the port the CLI listens on ($PORT), the one the README publishes', () => {
  const exposed = instruction('EXPOSE');
  expect(exposed).toHaveLength(1);
  expect(instruction('ENV')).toEqual([`PORT=${exposed[0]}`]);
  const run = /^docker run .*-p (\d+):(\d+) (\S+)/m.exec(readme);
  expect(run?.[2]).toBe(exposed[0]);
  const build = /^docker build -t (\S+) .* packages\/mock$/m.exec(readme);
  expect(run?.[3]).toBe(build?.[1]);
  // The same two lines head the Dockerfile.
  expect(dockerfile).toContain(`#   ${build?.[0]}`);
  expect(dockerfile).toContain(`#   ${run?.[0]}`);
});

it("the README's npx one-liner names the published package and its bin", () => {
  const [bin] = Object.keys(packageJson.bin);
  expect(readme).toContain(`npx -p ${packageJson.name} ${bin} `);
});
