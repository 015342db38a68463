// DingTalk's official SDK (@alicloud/dingtalk, storage_1_0) pointed at the emulator, called the way its users
// call it: `client.<method>WithOptions(...pathParameters, new <Method>Request({...}), headers, runtime)`.
// Every API call of these tests goes through it; the byte legs (PUT, GET) are plain fetch (bytes.ts).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The SDK is CommonJS without an `exports` map: required as its users require it, typed by its own .d.ts.
export const storage =
  require('@alicloud/dingtalk/storage_1_0') as typeof import('@alicloud/dingtalk/dist/storage_1_0/client.js');
const { Config } = require('@alicloud/openapi-client') as typeof import('@alicloud/openapi-client');
const { RuntimeOptions } = require('@alicloud/tea-util') as typeof import('@alicloud/tea-util');

/** The operator every call names (`unionId`, required by every operation). */
export const UNION_ID = 'emulatorE2eOperator';
/** The emulator takes any non-empty token when no app is configured. */
const TOKEN = 'emulator-e2e-token';

export type StorageClient = InstanceType<typeof storage.default>;

export interface Sdk {
  client: StorageClient;
  /** The token header, as every operation's Headers model carries it (the models are alike). */
  headers: InstanceType<typeof storage.GetSpaceHeaders>;
  runtime: InstanceType<typeof RuntimeOptions>;
}

/** The official SDK's storage client for the emulator at `baseUrl` (http). */
export function connectSdk(baseUrl: string): Sdk {
  const config = new Config({ protocol: 'http', endpoint: new URL(baseUrl).host, regionId: 'central' });
  return {
    client: new storage.default(config),
    headers: new storage.GetSpaceHeaders({ xAcsDingtalkAccessToken: TOKEN }),
    // Generous deadlines and no retries: a deadline only ends a real hang, and each call is sent once.
    runtime: new RuntimeOptions({ connectTimeout: 60_000, readTimeout: 60_000, autoretry: false }),
  };
}

/** What the SDK throws for a 4xx/5xx answer: DingTalk's `code` and the HTTP status. */
export interface SdkError {
  code: string;
  statusCode: number;
}

/** The error `call` rejected with, which a test expects to be the SDK's error for a DingTalk error answer. */
export async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    const { code, statusCode } = error as Partial<SdkError>;
    return { code: String(code), statusCode: Number(statusCode) };
  }
  throw new Error('expected the SDK to throw for an error answer, but the call succeeded');
}
