import { randomBytes } from 'crypto';
import { mkdir, rename, rm, writeFile } from 'fs/promises';
import { dirname, join } from 'path';

/**
 * Where a generated bootstrap password goes (development and test only): a file only its owner
 * can read, under the working directory, because a log line is read by far more people and
 * systems than the operator starting the app.
 */
export class BootstrapPasswordFile {
  readonly path: string;

  constructor(baseDir: string) {
    this.path = join(baseDir, '.portcullis', 'bootstrap-admin.txt');
  }

  async write(email: string, password: string): Promise<string> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // A fresh file renamed over the old one: a reader never sees half a file, and the mode is
    // always 0600 (writeFile's mode applies only when it creates the file, not to an existing one).
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const content = [
      '# The bootstrap super_admin of this development database. Sign in, change the password, then delete this file.',
      `email=${email}`,
      `password=${password}`,
      '',
    ].join('\n');
    try {
      await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return this.path;
  }
}
