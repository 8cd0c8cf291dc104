/**
 * Unresolved merge conflicts: `<<<<<<< ` at the start of a line, then `=======`, then `>>>>>>> `,
 * as git, `upgrade` and every merge tool write them. A file holding them is half-edited: its
 * code does not run and its configuration means neither side.
 */
const OPEN = /^<{7}(?: |\r?$)/;
const MIDDLE = /^={7}\r?$/;
const CLOSE = /^>{7}(?: |\r?$)/;

/** The 1-based line of the first complete conflict block, or undefined. Linear in the text. */
export function conflictLine(text: string): number | undefined {
  // Cheap test first: most files have no run of seven angle brackets at all.
  if (!text.includes('<<<<<<<') || !text.includes('>>>>>>>')) return undefined;
  let open: number | undefined;
  let middle = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (OPEN.test(line)) {
      open = i + 1;
      middle = false;
    } else if (open !== undefined && MIDDLE.test(line)) {
      middle = true;
    } else if (open !== undefined && middle && CLOSE.test(line)) {
      return open;
    }
  }
  return undefined;
}
