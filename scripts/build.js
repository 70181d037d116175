#!/usr/bin/env node
/**
 * Builds every app with the Nest CLI (tsc builder) into dist/apps/<app>, two at a time. Skips the
 * work when a hash of the sources matches the last build, so `npm start` and `npm test` stay quick.
 * `--force` rebuilds regardless.
 */
const { spawn } = require('child_process');
const { createHash } = require('crypto');
const { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } = require('fs');
const { join, relative } = require('path');

const ROOT = join(__dirname, '..');
const APPS = ['gateway', 'auth', 'user', 'token', 'security', 'agent-capability', 'webhook-dispatcher'];
const STAMP = join(ROOT, 'dist', '.build-hash');

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'test' || path.endsWith(join('libs', 'testing')) ? [] : sourceFiles(path);
    return /\.(ts|json)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function sourceHash() {
  const hash = createHash('sha256');
  const files = [
    ...['apps', 'libs'].flatMap((d) => sourceFiles(join(ROOT, d))),
    ...['tsconfig.json', 'nest-cli.json', 'package-lock.json'].map((f) => join(ROOT, f)),
  ].sort();
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function buildApp(app) {
  return new Promise((resolve, reject) => {
    const cli = join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
    const child = spawn(process.execPath, [cli, 'build', app], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build of ${app} failed:\n${out}`))));
  });
}

const LOCK = join(ROOT, 'dist', '.build-lock');

/** One build at a time (parallel test runs share dist/); a lock older than 5 minutes is stale. */
async function withBuildLock(work) {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (existsSync(LOCK) ? statSync(LOCK).mtimeMs : Date.now());
      if (age > 5 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function main() {
  return withBuildLock(build);
}

async function build() {
  const hash = sourceHash();
  const fresh = existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && APPS.every((a) => existsSync(entryOf(a)));
  if (fresh && !process.argv.includes('--force')) {
    console.log('build: dist is up to date');
    return;
  }
  const started = Date.now();
  const queue = [...APPS];
  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) await buildApp(app);
  };
  await Promise.all([worker(), worker()]);
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(STAMP, hash);
  console.log(`build: ${APPS.length} apps built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function entryOf(app) {
  return join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

module.exports = { APPS, entryOf };

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
