// Which Markdown the guide is made of: the client and mock READMEs whole, and three sections of the root
// README. The build renders these chapters; the browser test compares the page's code blocks with them.
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

const REPOSITORY_SECTIONS = [
  'Run the contract suite against your own server',
  'How to change the spec safely',
  'How to release',
];

function sections(markdown, titles) {
  return titles
    .map((title) => {
      const match = new RegExp(`^## ${title}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm').exec(markdown);
      if (!match) throw new Error(`README.md has no "## ${title}" section`);
      return match[0];
    })
    .join('\n');
}

/**
 * The examples a README marks as run (the client's packed consumer runs each as written:
 * packages/client/test/packed-consumer.test.ts), each between `<!-- <name>-example -->` and
 * `<!-- /<name>-example -->`: its name, the `##` section it is in, and its code.
 */
export function markedExamples(markdown) {
  return [
    ...markdown.matchAll(/<!-- ([\w-]+)-example -->\s*```ts\n([\s\S]*?)```\s*<!-- \/\1-example -->/g),
  ].map((match) => ({
    name: match[1],
    section: [...markdown.slice(0, match.index).matchAll(/^## (.+)$/gm)].at(-1)?.[1],
    code: match[2],
  }));
}

/** Each README becomes one chapter; its own `#` title is the chapter title. */
export function guideChapters() {
  return [
    { id: 'client', markdown: read('packages/client/README.md') },
    { id: 'mock', markdown: read('packages/mock/README.md') },
    {
      id: 'repository',
      markdown: `# Contract tests, spec changes and releases\n\n${sections(read('README.md'), REPOSITORY_SECTIONS)}`,
    },
  ];
}
