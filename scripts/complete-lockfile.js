#!/usr/bin/env node
/**
 * Adds lock entries for platform-specific optional packages that the lockfile's own entries name
 * but do not list. The registry this project installs from serves only this platform's binaries,
 * so npm cannot resolve the others and leaves them out, and `npm ci` then rejects the lockfile as
 * out of sync. A stub `{version, optional}` entry satisfies that check; on install, npm skips or
 * tolerates the failure of an optional package exactly as it would without the stub.
 * Run after every `npm install` that changes the lockfile (it is idempotent).
 */
const { readFileSync, writeFileSync } = require('fs');
const { join } = require('path');

const file = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = {
      version: range.replace(/^[~^=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
    };
    added++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform-specific optional entries added`);
