// Types of operations-chapter.mjs.
import type { OpenApiDocument, SpecOperation } from '@dingtalk-storage/spec/operations';

export interface TagGroup {
  tag: { name: string; description?: string };
  operations: SpecOperation[];
}

export declare function operationsByTag(spec: OpenApiDocument): TagGroup[];
export declare function operationAnchor(operationId: string): string;
export declare function operationsChapter(spec: OpenApiDocument): { id: string; markdown: string };
