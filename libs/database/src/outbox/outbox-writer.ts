import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { activeTraceparent, currentRequestContext } from '@portcullis/common';
import { DomainEvent } from '@portcullis/contracts';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { OUTBOX_SETTINGS, OutboxSettings, outboxTable } from './outbox.options';

/**
 * Records a domain event in the same transaction as the state change it announces: both commit or
 * neither does, so a crash between the commit and the bus can no longer lose the event. The relay
 * publishes the row later (at least once). It is told right after the commit — not at the insert,
 * when the row is still invisible to it — so in the common case the event leaves at once.
 */
@Injectable()
export class OutboxWriter implements EntitySubscriberInterface {
  private readonly table: string;
  /** Transactions that wrote a row and have not committed yet. */
  private readonly awaitingCommit = new WeakSet<QueryRunner>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    @Inject(OUTBOX_SETTINGS) settings: Pick<OutboxSettings, 'schema'>,
    @InjectDataSource() dataSource: Pick<DataSource, 'subscribers'>,
  ) {
    this.table = outboxTable(settings.schema);
    // TypeORM calls every registered subscriber on every commit; that is our after-commit hook.
    dataSource.subscribers.push(this);
  }

  /** `manager` must be the business transaction's own (the one `dataSource.transaction` passes in). */
  async add(manager: EntityManager, definitionType: string, event: DomainEvent): Promise<void> {
    const request = currentRequestContext();
    const traceparent = activeTraceparent() ?? request?.traceparent ?? null;
    await manager.query(
      `INSERT INTO ${this.table} (event_id, event_type, payload, traceparent, request_id) VALUES ($1, $2, $3, $4, $5)`,
      [event.id, definitionType, JSON.stringify(event), traceparent, request?.requestId ?? null],
    );
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.awaitingCommit.add(runner);
    else this.notify();
  }

  /** Called after each commit of a transaction that wrote to the outbox (the relay subscribes). */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also "commits"; only the outermost commit makes the row visible.
    if (!event.queryRunner.isTransactionActive && this.awaitingCommit.delete(event.queryRunner)) this.notify();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.awaitingCommit.delete(event.queryRunner);
  }

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }
}
