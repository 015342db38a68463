// The bundled spec, built into this package's code (so the same code runs in a browser under MSW, with no
// file to read), read through the spec package's one module for operations; and routing a request to its
// operation by the spec's paths.
import document from '@dingtalk-storage/spec/openapi.json' with { type: 'json' };
import {
  listExamples as examplesOf,
  findOperation,
  type OpenApiDocument,
  specOperation as operationOf,
  specOperations as operationsOf,
  type SpecExampleEntry,
  type SpecOperation,
} from '@dingtalk-storage/spec/operations';

export type { OpenApiDocument, SpecOperation };

/** The spec (shared: never mutate it; Prism gets a copy). */
export const loadSpec = (): OpenApiDocument => document as OpenApiDocument;

export const specOperations = (spec: OpenApiDocument = loadSpec()) => operationsOf(spec);
export const specOperation = (operationId: string, spec: OpenApiDocument = loadSpec()) =>
  operationOf(spec, operationId);

/** A named response example, for `Prefer: code=<status>, example=<example>` in prism mode. */
export type MockExample = SpecExampleEntry;

/** Every named response example of every operation: each can be asked for with a Prefer header in prism mode. */
export const listExamples = (spec: OpenApiDocument = loadSpec()): MockExample[] => examplesOf(spec);

/**
 * The operation a request is for: a match with its path parameters; `{ allowed }` when the path exists
 * but not for this method; undefined when the spec has no such path.
 */
export const routeRequest = (method: string, pathname: string, spec: OpenApiDocument = loadSpec()) =>
  findOperation(spec, method, pathname);
