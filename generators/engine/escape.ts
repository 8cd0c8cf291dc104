/**
 * Literals for the formats templates interpolate into. Each returns a complete quoted literal,
 * so a description with quotes, backslashes, colons or hashes cannot break the file.
 */

/** TOML basic string: escapes ", \ and every control character TOML forbids (incl. DEL). */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** JSON string (also a valid YAML 1.2 double-quoted scalar and a valid Python str literal). */
export function jsonString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * YAML double-quoted scalar: a JSON string (JSON strings are YAML, and \u escapes keep it one
 * line), with what YAML does not allow raw escaped too: DEL and the C1 controls, the byte-order
 * mark, U+FFFE and U+FFFF (outside YAML's printable set, which JSON does not care about).
 */
export function yamlString(value: string): string {
  return jsonString(value).replace(/[\u007f-\u009f\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python string literal, double-quoted; JSON's escapes are all valid Python escapes. */
export function pythonString(value: string): string {
  return jsonString(value);
}

/** Markdown inline text: neutralise characters that would start markup or HTML. */
export function markdownText(value: string): string {
  return value.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
