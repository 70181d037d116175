/**
 * Does any of a subscription's filters name this event type? A filter is an exact type, `*`, or
 * `prefix.*`, which takes the whole family at any depth (`auth.*` matches `auth.login.failed`) —
 * the same rule the bus applies to `@EventPattern('auth.*')`.
 */
export function matchesEventType(filters: readonly string[], type: string): boolean {
  return filters.some(
    (filter) => filter === '*' || filter === type || (filter.endsWith('.*') && type.startsWith(filter.slice(0, -1))),
  );
}
