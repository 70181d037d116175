import { CatalogNotices } from '../../src/catalog/catalog-notices';

/** Stands in for the broadcast: every replica made from one hub hears every other's notice, synchronously. */
export class CatalogNoticeHub {
  private readonly listeners: Array<() => void> = [];
  published = 0;

  replica(): CatalogNotices {
    const hub = this;
    return new (class extends CatalogNotices {
      async publish(): Promise<void> {
        hub.published += 1;
        hub.listeners.forEach((listener) => listener());
      }
      async subscribe(onChange: () => void): Promise<void> {
        hub.listeners.push(onChange);
      }
    })();
  }
}
