import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** The app's TypeORM connection; closed by TypeORM at the end of shutdown, after the bus drains. */
@Module({})
export class DatabaseModule {
  static forRoot(options: PostgresConnectionOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...options, retryAttempts: 3, retryDelay: 1000 })],
    };
  }
}
