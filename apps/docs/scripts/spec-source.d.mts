// Types of spec-source.mjs.
import type { OpenApiDocument } from '@dingtalk-storage/spec/operations';

/** The environment variable naming the spec to build from. */
export declare const SPEC_ENV: string;
export declare function specPath(): string;
export declare function loadSpec(): { path: string; spec: OpenApiDocument };
