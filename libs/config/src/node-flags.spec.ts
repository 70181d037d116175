import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { APP_NODE_FLAGS } from './node-flags';

describe('APP_NODE_FLAGS', () => {
  it('are the flags the image starts every app with', () => {
    const dockerfile = readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8');
    const cmd = dockerfile.split('\n').find((line) => line.startsWith('CMD '));
    expect(cmd).toContain(`exec node ${APP_NODE_FLAGS.join(' ')} dist/apps/`);
  });

  it('start node without a complaint', () => {
    // A misspelt flag or a bad value stops node at start-up: every app would fail to start.
    const run = spawnSync(process.execPath, [...APP_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
