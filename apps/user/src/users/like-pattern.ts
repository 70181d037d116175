/**
 * A LIKE pattern matching `text` anywhere, literally: `%`, `_` and the escape character itself are
 * escaped, so a search for "100%" finds that string rather than everything starting with "100".
 * Use with `ESCAPE '\'`.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
