/**
 * Tells every replica of this app that the catalog changed, so each drops its in-memory copy.
 * `onChange` also runs whenever a notice may have been missed (after a reconnect): dropping the
 * copy once too often costs one reload, missing a drop would keep a stale policy.
 */
export abstract class CatalogNotices {
  abstract publish(): Promise<void>;
  abstract subscribe(onChange: () => void): Promise<void>;
}
