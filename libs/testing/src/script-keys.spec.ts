import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = ['apps', 'libs'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
const production = files.filter((f) => f.includes('/src/') && !f.endsWith('.spec.ts'));
const slotSpecs = files.filter((f) => f.endsWith('key-slots.spec.ts')).map((f) => readFileSync(f, 'utf8'));

/**
 * Every Lua script in the tree has a `*key-slots.spec.ts` asserting its keys share one Redis Cluster
 * hash tag: a new script without one fails here, before it fails on a cluster.
 */
describe('Lua scripts and Redis Cluster slots', () => {
  const defined = production.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/defineCommand\('([A-Za-z]+)'(, \{ numberOfKeys: (\d+))?/g)]
      // A script on a single key is in one slot by construction.
      .filter((m) => m[3] !== '1')
      .map((m) => ({ file, command: m[1] })),
  );
  const evals = production.filter((file) => /\.eval\(/.test(readFileSync(file, 'utf8')));

  it('finds the scripts it guards', () => {
    expect(defined.length).toBeGreaterThanOrEqual(5);
  });

  it.each(defined.map((d) => [d.command, d.file.slice(ROOT.length + 1)]))('%s (%s) has a key-slot spec', (command) => {
    expect(slotSpecs.some((spec) => new RegExp(`\\b${command}\\b`).test(spec))).toBe(true);
  });

  it.each(evals.map((f) => [f.slice(ROOT.length + 1)]))('the eval in %s has a key-slot spec', (file) => {
    const name = file.split('/').pop()!.replace(/\.ts$/, '');
    const className = name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
    expect(slotSpecs.some((spec) => spec.includes(`./${name}'`) || spec.includes(className))).toBe(true);
  });
});
