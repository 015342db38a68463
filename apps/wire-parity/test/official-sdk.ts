// DingTalk's official SDK (@alicloud/dingtalk) called the way its users call it:
// `client.<method>WithOptions(...pathParameters, new <Method>Request({...}), new <Method>Headers({
// xAcsDingtalkAccessToken }), runtime)`, the path parameters positional in path order. The request model is
// built from wire names through the model's own `names()` (property -> wire name), at every depth.
import { createRequire } from 'node:module';
import type { Row } from './spec.js';

const require = createRequire(import.meta.url);
const { Config } = require('@alicloud/openapi-client');
const { RuntimeOptions } = require('@alicloud/tea-util');

/** A tea model class: `names()` maps each property to its wire name, `types()` gives each property's type. */
interface ModelClass {
  new (map: Record<string, unknown>): SdkModel;
  names(): Record<string, string>;
  types(): Record<string, SdkType>;
}
type SdkType = string | ModelClass | { type: 'array'; itemType: SdkType } | { type: 'map' };
export interface SdkModel {
  /** The model by wire names. */
  toMap(): Record<string, unknown>;
}
/** What a `…WithOptions` method resolves to: the status and the parsed body (thrown instead for a 4xx/5xx). */
export interface SdkAnswer {
  statusCode: number;
  body?: SdkModel;
}
type SdkMethod = (...args: unknown[]) => Promise<SdkAnswer>;

const isModelClass = (type: SdkType): type is ModelClass => typeof type === 'function' && 'names' in type;

/**
 * `wire` (a JSON object by wire names, as the spec writes it) by the model's property names, at every depth:
 * what the model's constructor reads. A wire name the model does not know is left out, as the SDK would
 * never send it.
 */
export function modelInput(model: ModelClass, wire: Record<string, unknown>): Record<string, unknown> {
  const types = model.types();
  return Object.fromEntries(
    Object.entries(model.names())
      .filter(([, wireName]) => wire[wireName] !== undefined)
      .map(([property, wireName]) => [property, propertyValue(types[property] ?? 'any', wire[wireName])]),
  );
}

function propertyValue(type: SdkType, value: unknown): unknown {
  if (isModelClass(type) && value && typeof value === 'object') {
    return modelInput(type, value as Record<string, unknown>);
  }
  if (typeof type === 'object' && type.type === 'array' && Array.isArray(value)) {
    return value.map((item) => propertyValue(type.itemType, item));
  }
  // Basic types, and maps (whose keys are data, sent as they are).
  return value;
}

/** Calls the row's SDK method against `baseUrl` (http), with `token` in the token header. */
export function officialSdk(baseUrl: string) {
  const config = new Config({ protocol: 'http', endpoint: new URL(baseUrl).host, regionId: 'central' });
  // Generous deadlines: they only end a real hang, however busy the machine is.
  const runtime = new RuntimeOptions({ connectTimeout: 60_000, readTimeout: 60_000 });
  const clients = new Map<string, Record<string, SdkMethod>>();

  return (row: Row, token: string): Promise<SdkAnswer> => {
    const { module, method } = row.sdk;
    if (!/^\w+$/.test(module)) throw new Error(`${row.name}: x-sdk-module ${module} is not a module name`);
    const sdkModule = require(`@alicloud/dingtalk/${module}`);
    let client = clients.get(module);
    if (!client) {
      client = new sdkModule.default(config) as Record<string, SdkMethod>;
      clients.set(module, client);
    }
    const withOptions = client[`${method}WithOptions`];
    if (typeof withOptions !== 'function') {
      throw new Error(
        `${row.name}: DingTalk's SDK has no ${module}.${method}WithOptions; name its method in the spec with x-sdk-method (and its module with x-sdk-module)`,
      );
    }
    const model = `${method.charAt(0).toUpperCase()}${method.slice(1)}`;
    const RequestModel: ModelClass = sdkModule[`${model}Request`];
    const HeadersModel: ModelClass | undefined = sdkModule[`${model}Headers`];
    const request = new RequestModel(modelInput(RequestModel, row.fields));
    // oauth2_1_0's getAccessToken has no headers model: it takes a plain map and sends no token.
    const headers = HeadersModel ? new HeadersModel({ xAcsDingtalkAccessToken: token }) : {};
    return withOptions.call(client, ...row.path, request, headers, runtime);
  };
}
