import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RolePermissionEntity } from './role-permission.entity';
import { RoleEntity } from './role.entity';
import { RoleGrants, RoleRepository } from './role.repository';

@Injectable()
export class TypeOrmRoleRepository extends RoleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async loadGrants(): Promise<RoleGrants> {
    const [roles, grants] = await Promise.all([
      this.dataSource.getRepository(RoleEntity).find({ order: { rank: 'ASC' } }),
      this.dataSource.getRepository(RolePermissionEntity).find(),
    ]);
    return {
      roles: roles.map(({ name, rank, description }) => ({ name, rank, description })),
      grants: grants.map(({ role, permission }) => ({ role, permission })),
    };
  }
}
