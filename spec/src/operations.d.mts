// Types of operations.mjs: the spec read by operationId, every `$ref` followed.

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON.
export type OpenApiDocument = any;
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema, walked by its readers.
export type JsonSchema = any;

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  /** The schema of the value; for a `content: application/json` parameter, the content's schema. */
  schema: JsonSchema;
  /** Sent as JSON text (`content: application/json`), e.g. batchQueryRoles' `dentryIdList`. */
  json?: true;
  /** As the spec writes them (OpenAPI's defaults when absent: query `form`, path `simple`, explode for `form`). */
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  /** The spec's `content`, when the parameter has one. */
  content?: Record<string, { schema?: JsonSchema }>;
  example?: unknown;
}

export interface SpecExample {
  summary?: string;
  value: unknown;
}

export interface SpecResponse {
  description: string;
  /** The JSON body schema, if the response has one. */
  schema: JsonSchema | undefined;
  /** Named examples of the JSON body. */
  examples: Record<string, SpecExample>;
}

export interface SpecOperation {
  operationId: string;
  /** Upper-case, as on the wire. */
  method: string;
  /** The templated path, e.g. `/v1.0/storage/spaces/{spaceId}`. */
  path: string;
  summary: string;
  /** `x-idempotent: true`: a repeat has the effect of one call, so a POST may be retried. */
  idempotent: boolean;
  parameters: SpecParameter[];
  /** The JSON request body, if the operation takes one. */
  requestBody: { required: boolean; schema: JsonSchema; examples: Record<string, SpecExample> } | undefined;
  /** By status code. */
  responses: Map<number, SpecResponse>;
  /** Whether a security requirement applies (the token header). */
  secured: boolean;
}

export interface SpecExampleEntry {
  operationId: string;
  status: number;
  example: string;
  summary: string;
}

export declare function deref(document: OpenApiDocument, node: unknown): JsonSchema;
export declare function specOperations(document: OpenApiDocument): SpecOperation[];
export declare function specOperation(document: OpenApiDocument, operationId: string): SpecOperation;
export declare function resolveSchema(document: OpenApiDocument, schema: JsonSchema): JsonSchema;
export declare function listExamples(document: OpenApiDocument): SpecExampleEntry[];

export interface ExampleRequest {
  method: string;
  /** The path with its parameters filled in, encoded. */
  path: string;
  /** The path parameters' example values, typed as the spec gives them (`version: 3`). */
  pathParams: Record<string, unknown>;
  /**
   * The query parameters' example values, typed as the client takes them: `maxResults: 30`,
   * `toRecycleBin: true`, batchQueryRoles' `dentryIdList: ['93024158271']` (from its content's example).
   */
  query: Record<string, unknown>;
  /**
   * The query as the URL carries it, without `?`: numbers and booleans as text, a JSON parameter as JSON
   * text, an array by its style (exploded into repeated names by default), URL-encoded.
   */
  queryString: string;
  /** The JSON body, if the operation takes one. */
  body: unknown;
}

export declare function exampleRequest(operation: SpecOperation): ExampleRequest;

export type OperationMatch =
  | { operation: SpecOperation; pathParams: Record<string, string> }
  | { allowed: string[] }
  | undefined;

/**
 * The operation a request is for, its path parameters percent-decoded; `{ allowed }` (the methods there are)
 * when the path exists but not for this method; undefined when the spec has no such path. Concrete segments
 * are matched before templated ones (leftmost difference first), whatever order the spec lists its paths
 * in; a templated segment never matches an empty one.
 */
export declare function findOperation(
  document: OpenApiDocument,
  method: string,
  pathname: string,
): OperationMatch;
