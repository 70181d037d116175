/** Every BullMQ queue in the system. A queue's or job's name is stable: renaming one is a migration. */
export enum QueueName {
  WebhookDelivery = 'webhook-delivery',
  AuditEvents = 'audit-events',
  /** Usage rollup increments from the proxy, written in batches by the gateway. */
  ProxyUsage = 'proxy-usage',
  /** Agents' budgeted uses, counted by the gateway and written to the decision logs by agent-capability. */
  AgentUses = 'agent-uses',
}
