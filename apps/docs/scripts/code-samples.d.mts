// Types of code-samples.mjs.
import type { OpenApiDocument, SpecOperation } from '@dingtalk-storage/spec/operations';

/** The label of the TypeScript sample in each operation's `x-codeSamples`. */
export declare const SAMPLE_LABEL: string;
export declare function codeSample(spec: OpenApiDocument, operation: SpecOperation): string;
export declare function withCodeSamples(spec: OpenApiDocument): OpenApiDocument;
