import { ApiKeyRevocations } from '../../src/api-keys/api-key-revocations';

export class RecordingApiKeyRevocations extends ApiKeyRevocations {
  readonly notices: Array<{ keyId: string; rolledAt?: Date }> = [];

  async revoked(keyId: string): Promise<void> {
    this.notices.push({ keyId });
  }

  async rolled(keyId: string, at: Date): Promise<void> {
    this.notices.push({ keyId, rolledAt: at });
  }
}
