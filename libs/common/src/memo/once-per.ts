/**
 * A value derived from an object, made the first time it is asked for and then kept as long as the
 * object lives (a WeakMap): for what a hot path would otherwise rebuild on every request from the
 * same long-lived object, such as a policy from a cached record's limit, or a header entry from a
 * policy. An object that changes is replaced, not mutated, so its derivation never goes stale.
 */
export class OncePer<K extends object, V> {
  private readonly made = new WeakMap<K, V>();

  constructor(private readonly make: (key: K) => V) {}

  of(key: K): V {
    let value = this.made.get(key);
    if (value === undefined) this.made.set(key, (value = this.make(key)));
    return value;
  }
}
