/**
 * Canonical JSON (RFC 8785, JCS, for the values JSON.parse produces): object keys sorted by UTF-16
 * code units, no whitespace, strings and numbers exactly as JSON.stringify writes them (which is
 * what JCS specifies). The hash chain needs one byte-exact form of a record that survives a round
 * trip through jsonb, which reorders keys. Written here because the whole algorithm for plain JSON
 * values is these few lines, and adding a dependency is not an option for this change.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}
