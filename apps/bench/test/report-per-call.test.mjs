// RESULTS.md's per-call section: the transport under each contestant and each one's ratio to the official SDK
// and to undici's Pool (the measured limit), sequential and with IN_FLIGHT calls in flight.
import { describe, expect, it } from 'vitest';
import { checkBudgets } from '../src/budgets.mjs';
import {
  CLIENT,
  CLIENT_ON_FETCH,
  IN_FLIGHT,
  OFFICIAL,
  TRANSPORTS,
  UNDICI_POOL,
} from '../src/contestants.mjs';
import { report } from '../src/report.mjs';
import { machine } from './fixtures.mjs';

const at = (median) => ({ min: median - 10, median, max: median + 10 });
const names = ['openapi-fetch', CLIENT, CLIENT_ON_FETCH, OFFICIAL, UNDICI_POOL];
const run = {
  machine,
  perCall: {
    sequential: {
      'openapi-fetch': at(500),
      [CLIENT]: at(300),
      [CLIENT_ON_FETCH]: at(450),
      [OFFICIAL]: at(400),
      [UNDICI_POOL]: at(200),
    },
    [`${IN_FLIGHT} in flight`]: {
      'openapi-fetch': at(300),
      [CLIENT]: at(90),
      [CLIENT_ON_FETCH]: at(240),
      [OFFICIAL]: at(120),
      [UNDICI_POOL]: at(40),
    },
    transports: Object.fromEntries(names.map((name) => [name, TRANSPORTS[name]])),
  },
  stubbed: { 'openapi-fetch': at(60), [CLIENT]: at(45) },
};

describe('report, per call', () => {
  const only = ['per-call'];
  const markdown = report(run, checkBudgets(run, { only }), { check: false, only });

  it('names the transport under each contestant, the client on its build default', () => {
    expect(TRANSPORTS[CLIENT]).toMatch(/^(fetch|node:http) \(the build's DEFAULT_TRANSPORT\)$/);
    for (const name of names) expect(markdown).toContain(`| ${name} | ${TRANSPORTS[name]} |`);
  });

  it('gives each ratio to the official SDK and to undici Pool, sequential and in flight', () => {
    expect(markdown).toContain(`| vs ${OFFICIAL} | vs ${UNDICI_POOL} |`);
    expect(markdown).toContain(
      `| ${CLIENT} | ${TRANSPORTS[CLIENT]} | 290.0 | 300.0 | 310.0 | 0.75× | 1.50× |`,
    );
    expect(markdown).toContain(`### ${IN_FLIGHT} in flight`);
    expect(markdown).toContain(`| ${CLIENT} | ${TRANSPORTS[CLIENT]} | 80.0 | 90.0 | 100.0 | 0.75× | 2.25× |`);
    expect(markdown).toContain(
      `| ${UNDICI_POOL} | ${TRANSPORTS[UNDICI_POOL]} | 30.0 | 40.0 | 50.0 | 0.33× | 1.00× |`,
    );
  });

  it('shows the budgets against the official SDK from the same run', () => {
    expect(markdown).toMatch(
      /\| client per call ≤ 1\.0 × the official SDK \(sequential[^|]*\| 0\.75 \| 1 \| ok \|/,
    );
    expect(markdown).toMatch(
      new RegExp(
        `\\| client per call ≤ 1\\.0 × the official SDK \\(${IN_FLIGHT} in flight[^|]*\\| 0\\.75 \\| 1 \\| ok \\|`,
      ),
    );
  });

  it('with the client slower than the official SDK, breaches the budget and says what to look at', () => {
    const slow = structuredClone(run);
    slow.perCall[`${IN_FLIGHT} in flight`][CLIENT] = at(360);
    const text = report(slow, checkBudgets(slow, { only }), { check: true, only });
    expect(text).toMatch(
      new RegExp(`\\(${IN_FLIGHT} in flight[^|]*\\| 3\\.00 \\| 1 \\| \\*\\*BREACHED\\*\\* \\|`),
    );
    expect(text).toMatch(
      new RegExp(
        `- \\*\\*client per call ≤ 1\\.0 × the official SDK \\(${IN_FLIGHT} in flight.*\\*\\*: On fetch the client was`,
      ),
    );
  });
});
