/**
 * Reading a Markdown document as a person does, to compare a language variant with its English
 * base and to find English left in a French document (test/language-variants.test.ts, and the
 * generated tier's French projects).
 */

const FENCE = /^```[^\n]*\n[\s\S]*?^```$/gm;
/**
 * A Quarto cell's caption option (`#| tbl-cap: "..."`, `#| fig-cap: ...`): the one line of a code
 * cell a person reads, so it is prose in its language, not code.
 */
const CAPTION = /^(#\|\s*(?:tbl|fig)-cap:)[ \t]*(.*)$/gm;

/** The captions of a fenced block, their YAML quotes removed. */
function captions(block: string): string {
  return [...block.matchAll(CAPTION)].map((m) => (m[2] as string).replace(/^"(.*)"$/, '$1')).join('\n');
}

/** Markdown headings outside fenced blocks, as their level only ("##", "###"). */
export function headingLevels(text: string): string[] {
  return [...text.replace(FENCE, '').matchAll(/^(#{1,6}) /gm)].map((m) => m[1] as string);
}

/** Fenced blocks as they must be in every language: captions (see CAPTION) blanked. */
export function fencedBlocks(text: string): string[] {
  return [...text.matchAll(FENCE)].map((m) => m[0].replace(CAPTION, '$1 …'));
}

/** Link targets and autolinks, in order: a translation must point where the original does. */
export function links(text: string): string[] {
  const prose = text.replace(FENCE, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)|<(https?:\/\/[^>\s]+)>/g)].map((m) => (m[1] ?? m[2]) as string);
}

/** Handlebars tags in order: the variant reads the same data under the same conditions. */
export function expressions(text: string): string[] {
  return [...text.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0].replace(/\s+/g, ' '));
}

/**
 * Text a person reads: no fenced block (but a Quarto cell's captions), inline code, URL,
 * Handlebars tag or UI menu path.
 */
export function prose(text: string): string {
  return (
    text
      .replace(FENCE, (block) => `\n${captions(block)}\n`)
      .replace(/^---\n[\s\S]*?\n---\n/, ' ')
      .replace(/`[^`]*`/g, ' ')
      .replace(/\{\{[^}]*\}\}/g, ' ')
      .replace(/\]\([^)]*\)|<https?:[^>]*>|https?:\/\/\S+/g, ' ')
      // The platforms' own English labels, quoted as the reader will see them on screen.
      .replace(/\*\*[^*]*→[^*]*\*\*/g, ' ')
  );
}

/**
 * Words that do not occur in French prose but do in almost every English sentence. A leftover
 * English sentence of any length contains one of them.
 */
const ENGLISH_STOP_WORDS = [
  'the', 'and', 'of', 'is', 'are', 'with', 'which', 'that', 'this', 'from', 'into', 'when',
  'your', 'you', 'will', 'be', 'not', 'it', 'its', 'for', 'to', 'in', 'by', 'or', 'an',
  'has', 'have', 'was', 'were', 'what', 'how', 'every', 'each', 'once', 'only', 'never', 'here',
];
const STOP = new RegExp(String.raw`(?<![\p{L}\p{N}_.\-/])(?:${ENGLISH_STOP_WORDS.join('|')})(?![\p{L}\p{N}_\-/])`, 'giu');

export function englishWords(text: string): string[] {
  return [...prose(text).matchAll(STOP)].map((m) => m[0]);
}


/**
 * A configuration file whose comments are `#` lines (TOML, YAML, a Dockerfile, .gitignore,
 * .dockerignore, .env.example, CODEOWNERS), as a template path or an output path. Quarto's project
 * file is one too, but also a document: its values are the site's titles and navigation text.
 */
export const HASH_COMMENTED = /(?:\.toml|\.ya?ml|Dockerfile|_gitignore|_dockerignore|\.gitignore|\.dockerignore|env\.example|CODEOWNERS)(?:\.hbs)?$/;

/** A whole-line comment: `#` first, except a Dockerfile's parser directive (`# syntax=…`). */
export const isCommentLine = (line: string): boolean => /^\s*#/.test(line) && !/^# syntax=/.test(line);

/** What a person reads of a configuration file: its whole-line comments, without their `#`. */
export function configComments(text: string): string {
  return text
    .split('\n')
    .filter(isCommentLine)
    .map((line) => line.replace(/^\s*#+/, ''))
    .join('\n');
}
