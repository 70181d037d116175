import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

/** The platform version from the root package.json, found by walking up (works from src and dist). */
function findVersion(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'portcullis') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}

export const APP_VERSION = findVersion(__dirname);
