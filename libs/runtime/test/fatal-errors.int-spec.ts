import { spawnSync } from 'child_process';
import { join } from 'path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('runMain on an unhandled rejection', () => {
  it('exits 1 at once, saying why as one JSON line at the fatal level', () => {
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'fixtures', 'crashing-main.ts'),
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('still running');
    const line = run.stderr.split('\n').find((l) => l.startsWith('{'));
    expect(JSON.parse(line!)).toMatchObject({
      level: 60,
      msg: 'unhandled rejection; exiting',
      err: { type: 'Error', message: 'nobody caught this' },
    });
  });
});
