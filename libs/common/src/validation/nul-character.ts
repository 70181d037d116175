/**
 * The path of the first string (value or key) holding a NUL character, or undefined. PostgreSQL
 * cannot store U+0000 in text, so such a value would fail deep inside a service as a 500; no field
 * of this API has a use for it. Walks with an explicit stack, so a deep value cannot overflow.
 */
export function pathOfNulCharacter(value: unknown, root = ''): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || 'value';
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return path || 'value';
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}
