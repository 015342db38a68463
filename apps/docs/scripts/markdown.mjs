// Markdown to HTML for the guide, at build time: every heading gets an id (the table of contents links
// them), and every fenced code block is highlighted by Shiki into coloured spans, so the page needs no
// highlighter, font or stylesheet from anywhere at run time.
import { Marked } from 'marked';
import { createHighlighter } from 'shiki';

/** The languages the guide's code blocks use; any other fence is shown as plain text. */
const LANGUAGES = ['typescript', 'javascript', 'shellscript', 'json', 'yaml'];
const THEME = 'github-light';

const highlighter = await createHighlighter({ themes: [THEME], langs: LANGUAGES });

export const escapeHtml = (text) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** `Pick an answer with \`Prefer\`` → `pick-an-answer-with-prefer`. */
const slug = (text) =>
  text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * One code block as highlighted HTML. Each line carries its indentation (`--indent`), so a line that has
 * to wrap on a narrow screen continues indented under itself instead of being cut off.
 */
export function highlight(code, lang) {
  const known = highlighter.getLoadedLanguages().includes(lang ?? '');
  const language = known ? lang : 'text';
  const lines = code.split('\n');
  return highlighter.codeToHtml(code, {
    lang: language,
    theme: THEME,
    transformers: [
      {
        pre(node) {
          // The colours stay on the spans; the block's own background and font come from the page.
          delete node.properties.style;
          // Shiki makes a block focusable for scrolling; these wrap and never scroll.
          delete node.properties.tabindex;
          node.properties['data-lang'] = known ? lang : undefined;
        },
        line(node, line) {
          const indent = /^ */.exec(lines[line - 1] ?? '')?.[0].length ?? 0;
          if (indent) node.properties.style = `--indent:${indent}ch`;
        },
      },
    ],
  });
}

/**
 * Renders one chapter. Heading ids are `<chapter>-<slug>` (unique on the page: each chapter has its own
 * prefix, and a repeated title within a chapter gets `-2`, `-3`…). The chapter's `#` title is linked
 * through its chapter's id, `guide-<chapter>`. Returns the HTML and the headings for the table of contents.
 */
export function renderChapter(chapterId, markdown) {
  const headings = [];
  const used = new Set();
  const marked = new Marked({
    renderer: {
      heading({ tokens, depth }) {
        const html = this.parser.parseInline(tokens);
        if (depth === 1) {
          headings.push({ depth, id: `guide-${chapterId}`, html });
          return `<h1>${html}</h1>\n`;
        }
        const base = `${chapterId}-${slug(html)}`;
        let id = base;
        for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
        used.add(id);
        headings.push({ depth, id, html });
        return `<h${depth} id="${id}">${html}</h${depth}>\n`;
      },
      // Long identifiers and paths may break after a dot or a slash, never inside a word.
      codespan({ text }) {
        const html = escapeHtml(text);
        return `<code>${text.length > 16 ? html.replace(/([./])(?=[A-Za-z{])/g, '$1<wbr>') : html}</code>`;
      },
      code({ text, lang }) {
        return `${highlight(text, lang?.trim().split(/\s+/)[0])}\n`;
      },
    },
  });
  return { html: marked.parse(markdown, { async: false }), headings };
}
