/**
 * Reading the texts module of a generated app or API (`app_text.py`, `api_text.py`: one
 * `TEXT: Final[dict[str, str]] = {...}` of string literals) without Python, so that the fast tier
 * can compare a French module with its English base and read what the generated code asks of it.
 */

/** The `TEXT` dict of a texts module, in source order. Throws on anything but string literals. */
export function readTextModule(source: string, where: string): Map<string, string> {
  const start = source.indexOf('TEXT: Final[dict[str, str]] = {');
  if (start < 0) throw new Error(`${where}: no TEXT dict`);
  let i = source.indexOf('{', start) + 1;
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what} at offset ${i}`);
  };
  const skip = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i] as string)) i++;
      if (source[i] !== '#') return;
      while (i < source.length && source[i] !== '\n') i++;
    }
  };
  const literal = (): string => {
    if (source[i] !== '"') fail('a string literal expected');
    i++;
    let out = '';
    while (source[i] !== '"') {
      if (i >= source.length || source[i] === '\n') fail('an unterminated string');
      if (source[i] === '\\') {
        const next = source[i + 1];
        if (next === 'n') out += '\n';
        else if (next === '"' || next === '\\') out += next;
        else fail(`an escape \\${next} this reader does not take`);
        i += 2;
      } else {
        out += source[i];
        i++;
      }
    }
    i++;
    return out;
  };
  /** One string, or implicitly concatenated ones in parentheses. */
  const value = (): string => {
    if (source[i] !== '(') return literal();
    i++;
    let out = '';
    for (skip(); source[i] !== ')'; skip()) out += literal();
    i++;
    return out;
  };
  const texts = new Map<string, string>();
  for (skip(); source[i] !== '}'; skip()) {
    const key = literal();
    skip();
    if (source[i] !== ':') fail('":" expected');
    i++;
    skip();
    if (texts.has(key)) fail(`the key ${key} twice`);
    texts.set(key, value());
    skip();
    if (source[i] === ',') i++;
  }
  return texts;
}

/** The `{name}` and `{name:spec}` fields of a `str.format` text, in order. */
export function formatFields(text: string): string[] {
  return [...text.matchAll(/\{(\w*)(?:[:!][^{}]*)?\}/g)].map((m) => m[0]);
}

/**
 * The keys Python code reads from `TEXT`: literal ones (`TEXT["about"]`), and the patterns of
 * computed ones (`TEXT[f"schema_{name}"]` → /^schema_\w+$/).
 */
export function keysRead(code: string): { literal: string[]; patterns: RegExp[] } {
  const literal = [...code.matchAll(/\bTEXT\["(\w+)"\]/g)].map((m) => m[1] as string);
  const patterns = [...code.matchAll(/\bTEXT\[f"([^"]+)"\]/g)].map(
    (m) => new RegExp(`^${(m[1] as string).replace(/\{[^}]*\}/g, '\\w+')}$`),
  );
  return { literal, patterns };
}
