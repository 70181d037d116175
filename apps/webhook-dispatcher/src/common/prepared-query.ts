import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs one of the webhook hot path's statements as a named prepared statement, straight on the
 * pool TypeORM holds: each connection parses and plans it once instead of on every batch, and the
 * ORM's per-query runner is skipped. Resolves the rows (an UPDATE's RETURNING rows too).
 */
export async function preparedQuery<Row>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name: `webhooks.${name}`, text, values });
  return result.rows as Row[];
}
