import { CatalogNotices } from '../../src/catalog/catalog-notices';

/** Stands in for the broadcast: every replica made from one hub hears every other's notice, synchronously. */
export class CatalogNoticeHub {
  private readonly listeners: Array<() => void> = [];
  published = 0;

  replica(): CatalogNotices {
    return new HubNotices(this);
  }

  publish(): void {
    this.published += 1;
    this.listeners.forEach((listener) => listener());
  }

  listen(onChange: () => void): void {
    this.listeners.push(onChange);
  }
}

class HubNotices extends CatalogNotices {
  constructor(private readonly hub: CatalogNoticeHub) {
    super();
  }

  publish(): Promise<void> {
    this.hub.publish();
    return Promise.resolve();
  }

  subscribe(onChange: () => void): Promise<void> {
    this.hub.listen(onChange);
    return Promise.resolve();
  }
}
