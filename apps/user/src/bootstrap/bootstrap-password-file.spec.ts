import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { BootstrapPasswordFile } from './bootstrap-password-file';

describe('BootstrapPasswordFile', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'pc-bootstrap-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes .portcullis/bootstrap-admin.txt under the base directory, readable by its owner only', async () => {
    const path = await new BootstrapPasswordFile(dir).write('admin@portcullis.local', 's3cret-generated');
    expect(path).toBe(join(dir, '.portcullis', 'bootstrap-admin.txt'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const content = await readFile(path, 'utf8');
    expect(content).toContain('email=admin@portcullis.local\n');
    expect(content).toContain('password=s3cret-generated\n');
  });

  it('replaces an older, world-readable file with a 0600 one', async () => {
    await mkdir(join(dir, '.portcullis'));
    await writeFile(join(dir, '.portcullis', 'bootstrap-admin.txt'), 'old', { mode: 0o644 });
    const path = await new BootstrapPasswordFile(dir).write('a@b.io', 'new-password');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).not.toContain('old');
  });
});
