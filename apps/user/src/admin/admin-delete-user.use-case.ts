import { Injectable } from '@nestjs/common';
import { AdminDeleteUserRequest } from '@portcullis/contracts';
import { RoleCatalogStore } from '../roles/role-catalog.store';
import { userNotFound } from '../users/find-user.use-case';
import { UserEvents } from '../users/user-events';
import { UserViews } from '../users/user-views';
import { UserRepository } from '../users/user.repository';
import { RankPolicy } from './rank-policy';
import { SessionRevoker } from './session-revoker';

/** `DELETE /admin/users/:id`: under the same rank rules as an update; nobody deletes themselves. */
@Injectable()
export class AdminDeleteUserUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly catalogs: RoleCatalogStore,
    private readonly sessions: SessionRevoker,
    private readonly views: UserViews,
  ) {}

  async execute(request: AdminDeleteUserRequest): Promise<void> {
    const input = { actorId: request.actor.userId, id: request.id };
    const policy = new RankPolicy(await this.catalogs.get());
    await this.users.transaction(async (tx) => {
      const locked = await tx.lockUsers([input.actorId, input.id]);
      const actor = policy.requireActor(locked.get(input.actorId), 'users:delete');
      const target = locked.get(input.id);
      if (!target) throw userNotFound();
      policy.assertMayDelete(actor, target);
      // Sessions first, inside the transaction: if the token app cannot be reached the delete rolls
      // back and can simply be retried. The other order could leave live sessions of a user who no
      // longer exists, with nobody left to retry against.
      await this.sessions.revokeAll(target.id, 'user_deleted');
      await tx.delete(target.id);
      await tx.announce(UserEvents.deleted({ userId: target.id, actorId: input.actorId }));
    });
    await this.views.invalidate(input.id);
  }
}
