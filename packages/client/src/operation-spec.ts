// The shape of one entry of the generated operation table (src/generated/operations.ts).

export interface OperationSpec {
  /** Upper-case HTTP method. */
  method: string;
  /** The templated path, e.g. `/v1.0/storage/spaces/{spaceId}`; `{name}` inputs are path parameters. */
  path: string;
  /** Names of the query parameters. */
  query: readonly string[];
  /** Names of the top-level JSON body properties; absent when the operation takes no body. */
  body?: readonly string[];
  /** Inputs that must be given: required parameters (non-empty strings) and required body properties. */
  required: readonly string[];
  /** Object properties the 2xx body must have, e.g. `space`. */
  result: readonly string[];
  /** The spec marks it `x-idempotent`: a POST that may be retried. */
  idempotent?: true;
  /** The spec says `security: []`: sent without the access token (the token endpoint itself). */
  anonymous?: true;
}
