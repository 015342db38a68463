// What an editor shows when hovering a client method: asked of TypeScript's language service (the engine
// behind editors' quick info) on a small in-memory file beside the tests. Each method shows its named input
// and output types, not the helper types they are built from, and the operation's summary as its comment.
import { join } from 'node:path';
import { specOperations } from '@dingtalk-storage/spec/operations';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { spec } from './fixtures.js';

const packageDir = join(import.meta.dirname, '..');
const fixtureFile = join(packageDir, 'test', 'hover-fixture.ts');
const operations = specOperations(spec);

// One call per operation, each on its own line, so that each method name has a position to hover.
const fixture = [
  "import { createStorageClient } from '../src/index.js';",
  "const storage = createStorageClient({ accessToken: 'tok' });",
  ...operations.map((op) => `void storage.${op.operationId};`),
].join('\n');

/** A language service over the package's tsconfig, with the fixture file held in memory. */
function languageService(): ts.LanguageService {
  const config = ts.getParsedCommandLineOfConfigFile(join(packageDir, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('packages/client/tsconfig.json could not be read');
  const read = (file: string) => (file === fixtureFile ? fixture : ts.sys.readFile(file));
  return ts.createLanguageService({
    getScriptFileNames: () => [fixtureFile],
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const text = read(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => packageDir,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => file === fixtureFile || ts.sys.fileExists(file),
    readFile: read,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
}

const service = languageService();

/** The quick info at the method name of `storage.<operationId>` in the fixture. */
function hover(operationId: string): { shown: string; doc: string } {
  const position = fixture.indexOf(`storage.${operationId};`) + 'storage.'.length;
  const info = service.getQuickInfoAtPosition(fixtureFile, position);
  if (!info) throw new Error(`no quick info for storage.${operationId}`);
  return {
    shown: ts.displayPartsToString(info.displayParts),
    doc: ts.displayPartsToString(info.documentation),
  };
}

const pascal = (operationId: string) => operationId[0]?.toUpperCase() + operationId.slice(1);

describe('hovering a client method', () => {
  it('compiles the fixture without errors (the positions are real calls)', () => {
    const errors = [
      ...service.getSyntacticDiagnostics(fixtureFile),
      ...service.getSemanticDiagnostics(fixtureFile),
    ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });

  it('shows createSpace with named input and output types', () => {
    expect(hover('createSpace').shown).toBe(
      '(method) StorageOperations.createSpace(input: CreateSpaceInput, options?: CallOptions): Promise<CreateSpaceOutput>',
    );
  });

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: named input and output types, the summary and the request as its comment',
    (operationId, op) => {
      const { shown, doc } = hover(operationId);
      const name = pascal(operationId);
      expect(shown).toBe(
        `(method) StorageOperations.${operationId}(input: ${name}Input, options?: CallOptions): Promise<${name}Output>`,
      );
      expect(doc).toBe(`${op.summary}\n\n\`${op.method} ${op.path}\``);
    },
  );
});
