import { ROLES_CHANGED_TOPIC } from '@portcullis/contracts';
import { RoleCatalogStore } from './role-catalog.store';
import { RolesChangedNotice } from './roles-changed.notice';
import { InMemoryRoleRepository } from '../../test/fakes/in-memory-role.repository';
import { recordingBus } from '../../test/fakes/recording-bus';

describe('RolesChangedNotice', () => {
  it('drops the catalog before telling every other holder, so the next answer reads the tables again', async () => {
    const roles = new InMemoryRoleRepository();
    const catalogs = new RoleCatalogStore(roles);
    const { bus, broadcasts } = recordingBus();
    await catalogs.get();
    await catalogs.get();
    expect(roles.loads).toBe(1);
    await new RolesChangedNotice(bus, catalogs).announce();
    expect(broadcasts).toEqual([{ topic: ROLES_CHANGED_TOPIC, message: { at: expect.any(Number) } }]);
    await catalogs.get();
    expect(roles.loads).toBe(2);
  });

  it('never fails the change it announces when the broadcast fails', async () => {
    const catalogs = new RoleCatalogStore(new InMemoryRoleRepository());
    const { bus } = recordingBus();
    bus.broadcast = () => Promise.reject(new Error('redis down'));
    await expect(new RolesChangedNotice(bus, catalogs).announce()).resolves.toBeUndefined();
  });

  it('announces at start when this process applied migrations (the tables may have changed), and only then', async () => {
    for (const migrated of [false, true]) {
      const { bus, broadcasts } = recordingBus();
      Object.assign(bus, { proxy: { redis: undefined } });
      const notice = new RolesChangedNotice(bus, new RoleCatalogStore(new InMemoryRoleRepository()), migrated);
      await notice.onApplicationBootstrap();
      expect(broadcasts).toEqual(migrated ? [{ topic: ROLES_CHANGED_TOPIC, message: { at: expect.any(Number) } }] : []);
    }
  });
});
