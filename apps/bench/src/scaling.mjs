// Scaling: synthetic specs with 10, 100 and 1,000 operations: how generate (openapi-typescript), bundle
// (redocly) and `tsc --noEmit` of a consumer of the generated types grow.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { now, summarize } from './stats.mjs';

const require = createRequire(import.meta.url);
const bin = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
const OPENAPI_TS = bin('openapi-typescript', 'bin/cli.js');
const TSC = bin('typescript', 'bin/tsc');
const REDOCLY = join(
  dirname(require.resolve('@dingtalk-storage/spec/package.json')),
  'node_modules/@redocly/cli/bin/cli.js',
);

/** A spec with `count` operations, each with its own request and response schema. */
export function syntheticSpec(count) {
  const paths = {};
  const schemas = {};
  for (let i = 0; i < count; i++) {
    schemas[`Thing${i}`] = {
      type: 'object',
      description: `Thing ${i}.`,
      additionalProperties: false,
      properties: {
        id: { type: 'string', description: 'Id.' },
        size: { type: 'integer', format: 'int64', description: 'Bytes.' },
        kind: { type: 'string', enum: ['A', 'B'], description: 'Kind.' },
      },
    };
    paths[`/v1.0/things${i}`] = {
      post: {
        operationId: `createThing${i}`,
        summary: `Create thing ${i}`,
        description: `Creates thing ${i}.`,
        parameters: [
          {
            name: 'unionId',
            in: 'query',
            required: true,
            description: 'Operator.',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          content: { 'application/json': { schema: { $ref: `#/components/schemas/Thing${i}` } } },
        },
        responses: {
          200: {
            description: 'Created.',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/Thing${i}` } } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `Synthetic ${count}`, version: '1.0.0' },
    paths,
    components: { schemas },
  };
}

function timed(args) {
  const start = now();
  execFileSync(process.execPath, args, {
    stdio: 'ignore',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
  });
  return now() - start;
}

export function measureScaling({ sizes, rounds, full }) {
  const results = {};
  for (const count of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `bench-scaling-${count}-`));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(syntheticSpec(count)));
      const generate = [];
      const bundle = [];
      const typecheck = [];
      for (let r = 0; r < rounds; r++) {
        generate.push(
          timed([OPENAPI_TS, join(dir, 'openapi.json'), '--output', join(dir, 'src/openapi.ts')]),
        );
        if (full) {
          bundle.push(
            timed([REDOCLY, 'bundle', join(dir, 'openapi.json'), '--output', join(dir, 'bundled.json')]),
          );
          writeFileSync(
            join(dir, 'src/consumer.ts'),
            `import type { paths } from './openapi.js';\nexport type Body = paths['/v1.0/things${count - 1}']['post']['requestBody'];\n`,
          );
          typecheck.push(
            timed([
              TSC,
              '--noEmit',
              '--strict',
              '--module',
              'nodenext',
              '--moduleResolution',
              'nodenext',
              '--skipLibCheck',
              join(dir, 'src/consumer.ts'),
            ]),
          );
        }
      }
      results[count] = {
        generate: summarize(generate),
        ...(full ? { bundle: summarize(bundle), 'tsc --noEmit': summarize(typecheck) } : {}),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
