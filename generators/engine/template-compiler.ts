import Handlebars from 'handlebars';
import { HELPERS } from './helpers.js';
import { BLOCK_HELPERS, type Expression, type TemplateNode, type TemplateProgram } from './template-program.js';

type Node = hbs.AST.Node;

/** A template uses Handlebars syntax the renderer does not support: the build stops on it. */
export class TemplateSyntaxError extends Error {}

/**
 * Handlebars source → TemplateProgram. Handlebars' own parser does the parsing (and strips
 * standalone lines exactly as Handlebars does); this only maps its AST onto the small subset the
 * templates use, and refuses anything else by name and line, so a template can never depend on a
 * feature the renderer would silently get wrong.
 */
export function compileTemplate(source: string, name = 'template'): TemplateProgram {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // Character offset → UTF-8 byte offset, walking from the last position asked (text is met in order).
  let lastChar = 0;
  let lastByte = 0;
  const byteOffset = (char: number): number => {
    lastByte += char >= lastChar
      ? Buffer.byteLength(source.slice(lastChar, char), 'utf8')
      : -Buffer.byteLength(source.slice(char, lastChar), 'utf8');
    lastChar = char;
    return lastByte;
  };

  const refuse = (node: Node, what: string): never => {
    throw new TemplateSyntaxError(`${name}:${node.loc?.start.line ?? '?'}: ${what} is not supported in templates.`);
  };

  function program(node: hbs.AST.Program | undefined): TemplateProgram {
    const out: TemplateNode[] = [];
    for (const statement of node?.body ?? []) {
      const compiled = nodeOf(statement);
      if (compiled !== undefined && compiled !== '') out.push(compiled);
    }
    return out;
  }

  function nodeOf(node: Node): TemplateNode | undefined {
    switch (node.type) {
      case 'ContentStatement':
        return text(node as hbs.AST.ContentStatement);
      case 'CommentStatement':
        return undefined;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        if (m.params.length === 0 && m.path.type === 'PathExpression') {
          const name = (m.path as hbs.AST.PathExpression).original;
          if (Object.hasOwn(HELPERS, name) || (BLOCK_HELPERS as readonly string[]).includes(name)) {
            refuse(node, `{{${name}}} without arguments (a helper name used as a value)`);
          }
          return ['out', expression(m.path)];
        }
        return ['out', call(m)];
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        if (!(BLOCK_HELPERS as readonly string[]).includes(helper)) refuse(node, `the block {{#${helper}}}`);
        if (b.params.length !== 1) refuse(node, `{{#${helper}}} with ${b.params.length} arguments`);
        if (b.hash) refuse(node, `{{#${helper}}} with key=value arguments`);
        if (b.program?.blockParams?.length) refuse(node, `block parameters (as |x|)`);
        return [helper as (typeof BLOCK_HELPERS)[number], expression(b.params[0]!), program(b.program), program(b.inverse)];
      }
      default:
        return refuse(node, `a ${node.type}`);
    }
  }

  /**
   * Text as a slice of the source: `original` is where the parser read it, `value` what is left
   * once standalone lines are stripped, i.e. original less leading and trailing whitespace. Any
   * occurrence of value inside original has the same characters, and the slice is checked.
   */
  function text(node: hbs.AST.ContentStatement): TemplateNode {
    const { value, loc } = node;
    // Typed as strip flags in @types, but the parser stores the text as read.
    const original = node.original as unknown as string;
    const line = lineStarts[loc.start.line - 1];
    if (line === undefined || value === '') return value;
    const at = line + loc.start.column;
    const offset = source.startsWith(original, at) ? original.indexOf(value) : -1;
    if (offset === -1) return value;
    const start = at + offset;
    if (source.slice(start, start + value.length) !== value) return value;
    return ['text', byteOffset(start), byteOffset(start + value.length)];
  }

  function call(node: hbs.AST.MustacheStatement | hbs.AST.SubExpression): Expression {
    if (node.hash) refuse(node, 'key=value arguments');
    if (node.path.type !== 'PathExpression') refuse(node, 'a literal in helper position');
    const name = (node.path as hbs.AST.PathExpression).original;
    if (!Object.hasOwn(HELPERS, name)) refuse(node, `the helper "${name}"`);
    return ['call', name, node.params.map(expression)];
  }

  function expression(node: hbs.AST.Expression): Expression {
    switch (node.type) {
      case 'PathExpression': {
        const p = node as hbs.AST.PathExpression;
        if (p.depth > 0) refuse(node, `a parent path (${p.original})`);
        return [p.data ? 'data' : 'path', p.parts.map(String)];
      }
      case 'SubExpression':
        return call(node as hbs.AST.SubExpression);
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return (node as hbs.AST.StringLiteral).value;
      case 'NullLiteral':
      case 'UndefinedLiteral':
        return null;
      default:
        return refuse(node, `a ${node.type}`);
    }
  }

  return program(Handlebars.parse(source));
}
