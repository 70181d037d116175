import { Logger } from '@nestjs/common';
import { BootstrapOutcome, EnsureSuperAdminUseCase } from './ensure-super-admin.use-case';
import { SuperAdminBootstrap } from './super-admin.bootstrap';

describe('SuperAdminBootstrap', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    const record = (message: unknown) => void lines.push(String(message));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(record);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(record);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(record);
  });
  afterEach(() => jest.restoreAllMocks());

  const bootstrapWith = (outcome: BootstrapOutcome) => {
    const execute = jest.fn().mockResolvedValue(outcome);
    return { execute, bootstrap: new SuperAdminBootstrap({ execute } as unknown as EnsureSuperAdminUseCase) };
  };

  it('runs once although a hybrid app calls the hook twice', async () => {
    const { execute, bootstrap } = bootstrapWith({ kind: 'exists' });
    await Promise.all([bootstrap.onApplicationBootstrap(), bootstrap.onApplicationBootstrap()]);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([]);
  });

  it('logs one line naming the file of a generated password', async () => {
    const { bootstrap } = bootstrapWith({
      kind: 'created',
      email: 'admin@portcullis.local',
      passwordFile: '/srv/.portcullis/bootstrap-admin.txt',
    });
    await bootstrap.onApplicationBootstrap();
    expect(lines).toEqual([expect.stringContaining('/srv/.portcullis/bootstrap-admin.txt')]);
  });

  it('fails the start when the bootstrap fails', async () => {
    const bootstrap = new SuperAdminBootstrap({
      execute: jest.fn().mockRejectedValue(new Error('ADMIN_PASSWORD: required')),
    } as never);
    await expect(bootstrap.onApplicationBootstrap()).rejects.toThrow('ADMIN_PASSWORD');
  });
});
