/**
 * The repo's import boundaries (issue "One house"), checked on the real tree by the last test below and
 * proven able to fail by the synthetic trees before it. The checker is ./boundaries.ts.
 *
 * Test-support naming convention: code that only tests use lives in `*.test-support.ts` next to the
 * tests in lib/ and components/ (imported only by `*.test.ts` and other `*.test-support.ts` files),
 * in e2e/support/** for the e2e specs, and in scripts/harness/** for what e2e, the integration tests,
 * bench, demo and the lab CLI share; runtime code (app/, components/, lib/) imports none of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGraph, checkBoundaries, clientRoots, findCycles, formatViolation, graphFromSources, parseSource, type RuleId } from './boundaries';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SERVER = "import 'server-only';\n";

/** The violations of a synthetic tree, as `rule file` pairs (the messages are checked where they matter). */
function violations(sources: Record<string, string>): Array<[RuleId, string]> {
  return checkBoundaries(graphFromSources(sources)).map((v) => [v.rule, v.file]);
}

describe('parseSource', () => {
  it('finds static, re-export, dynamic, require and type-position imports', () => {
    const info = parseSource(
      'lib/a.ts',
      [
        "import x from './x';",
        "import './side';",
        "import type { T } from './t';",
        "import { type U, type V } from './uv';",
        "import { type W, w } from './w';",
        "export * from './star';",
        "export type { Z } from './z';",
        "export { type Y } from './y';",
        "const lazy = () => import('./lazy');",
        "const req = require('./req');",
        "let child: import('node:child_process').ChildProcess;",
        "import fs = require('node:fs');",
        'const notAnImport = "import(\'./in-a-string\')";',
        '// import nothing from "./in-a-comment";',
      ].join('\n'),
    );
    expect(info.imports.map((e) => [e.specifier, e.typeOnly])).toEqual([
      ['./x', false],
      ['./side', false],
      ['./t', true],
      ['./uv', true],
      ['./w', false],
      ['./star', false],
      ['./z', true],
      ['./y', true],
      ['./lazy', false],
      ['./req', false],
      ['node:child_process', true],
      ['node:fs', false],
    ]);
    expect(info.imports[8]?.line).toBe(9);
  });

  it("reads the 'use client' directive only from the prologue", () => {
    expect(parseSource('components/a.tsx', "'use strict';\n'use client';\nexport const a = 1;").useClient).toBe(true);
    expect(parseSource('components/b.tsx', "import x from 'y';\n'use client';").useClient).toBe(false);
    expect(parseSource('components/c.tsx', "const s = 'use client';").useClient).toBe(false);
  });

  it('records the first import-like statement', () => {
    expect(parseSource('lib/server/a.ts', "// note\nimport 'server-only';\nimport x from 'y';").firstImport).toEqual({
      specifier: 'server-only',
      sideEffectOnly: true,
    });
    expect(parseSource('lib/server/b.ts', "export * from './c';\nimport 'server-only';").firstImport).toEqual({ specifier: './c', sideEffectOnly: false });
    expect(parseSource('lib/server/d.ts', 'export const d = 1;').firstImport).toBeNull();
  });
});

describe('resolution', () => {
  it("resolves '@/...' through tsconfig paths, relative paths, extensions, index files and .mjs/.js specifiers", () => {
    const graph = graphFromSources({
      'app/page.tsx': [
        "import { a } from '@/lib/a';",
        "import { b } from '../lib/b';",
        "import { c } from '@/lib/c';",
        "import { d } from '@/lib/d.mjs';",
        "import './globals.css';",
        "import { z } from 'zod';",
        "import fs from 'node:fs';",
      ].join('\n'),
      'app/globals.css': '',
      'lib/a.ts': '',
      'lib/b.tsx': '',
      'lib/c/index.ts': '',
      'lib/d.mts': '',
    });
    const edges = graph.files.get('app/page.tsx')!.imports.map((e) => e.resolved ?? `external:${e.external}`);
    expect(edges).toEqual(['lib/a.ts', 'lib/b.tsx', 'lib/c/index.ts', 'lib/d.mts', 'app/globals.css', 'external:zod', 'external:node:fs']);
    // The .css file resolves (so it is no unresolved import) but is no node of the graph.
    expect(graph.files.has('app/globals.css')).toBe(false);
  });

  it('reads the paths from tsconfig.json on disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragscope-boundaries-'));
    tempDirs.push(dir);
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    // A JSONC tsconfig, as the real one may be: comments and trailing commas.
    write('tsconfig.json', '{ "compilerOptions": { "paths": { "~/*": ["./src-lib/*"], }, }, /* c */ }');
    write('lib/server/a.ts', "import 'server-only';\nimport { b } from '~/b';\n");
    write('src-lib/b.ts', 'export const b = 1;\n');
    write('components/c.tsx', "import { a } from '../lib/server/a';\n");
    write('lib/.hidden/x.ts', "import { nope } from './nope';\n");
    const graph = buildGraph(dir);
    expect(graph.files.get('lib/server/a.ts')!.imports[1]?.resolved).toBe('src-lib/b.ts');
    expect(graph.files.has('lib/.hidden/x.ts')).toBe(false);
    expect(checkBoundaries(graph).map(formatViolation)).toEqual([
      "[client-reaches-server] components/c.tsx: imports '../lib/server/a' (line 1); client route: components/c.tsx -> lib/server/a.ts",
    ]);
  });
});

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('each rule fails on a tree that breaks it', () => {
  it('passes a tree that keeps every rule', () => {
    expect(
      violations({
        'lib/server/a.ts': `${SERVER}import { shared } from '@/lib/shared';\nimport Redis from 'ioredis';`,
        'lib/server/a.test.ts': "import { a } from './a';\nimport { h } from '../../scripts/harness/h';",
        'lib/server/a.test-support.ts': "import { a } from './a';",
        'lib/shared.ts': "import type { A } from './server/a';\nexport const shared = 1;",
        'lib/client/store.ts': "import { shared } from '../shared';\nimport type { Redis } from 'ioredis';",
        'components/view.tsx': "'use client';\nimport { shared } from '@/lib/shared';",
        'components/view.test.ts': "import { x } from './view.test-support';\nimport fs from 'node:fs';",
        'components/view.test-support.ts': 'export const x = 1;',
        'app/page.tsx': "import { a } from '@/lib/server/a';",
        'scripts/harness/h.ts': "import fs from 'node:fs';",
        'scripts/demo.mts': "import { h } from './harness/h';\nimport { a } from '../lib/server/a';",
        'e2e/support/fixtures.ts': "import { h } from '../../scripts/harness/h';",
        'e2e/a.spec.ts': "import { f } from './support/fixtures';",
      }),
    ).toEqual([]);
  });

  it("server-only-first: a lib/server file without import 'server-only' first", () => {
    expect(
      violations({
        'lib/server/missing.ts': 'export const a = 1;',
        'lib/server/second.ts': "import Redis from 'ioredis';\nimport 'server-only';",
        'lib/server/named.ts': "import * as guard from 'server-only';",
        'lib/server/ok.ts': "// why\nimport 'server-only';\nimport Redis from 'ioredis';",
        'lib/server/ok.test.ts': "import { a } from './missing';",
        'lib/server/ok.test-support.ts': 'export const x = 1;',
      }),
    ).toEqual([
      ['server-only-first', 'lib/server/missing.ts'],
      ['server-only-first', 'lib/server/named.ts'],
      ['server-only-first', 'lib/server/second.ts'],
    ]);
  });

  it('runtime-imports-tooling: runtime code importing scripts/ or e2e/', () => {
    expect(
      violations({
        'lib/a.ts': "import { engines } from '../scripts/lab/engines';",
        'app/b.tsx': "export { spec } from '@/e2e/api.spec';",
        'lib/server/c.ts': `${SERVER}const later = () => import('@/scripts/bench');`,
        'lib/a.test.ts': "import { engines } from '../scripts/lab/engines';",
        'scripts/lab/engines.ts': 'export const engines = 1;',
        'scripts/bench/index.ts': 'export const bench = 1;',
        'e2e/api.spec.ts': 'export const spec = 1;',
      }),
    ).toEqual([
      ['runtime-imports-tooling', 'app/b.tsx'],
      ['runtime-imports-tooling', 'lib/a.ts'],
      ['runtime-imports-tooling', 'lib/server/c.ts'],
    ]);
  });

  it('server-imports-client: lib/server importing lib/client or components/, types included', () => {
    expect(
      violations({
        'lib/server/a.ts': `${SERVER}import type { State } from '@/lib/client/store';`,
        'lib/server/b.ts': `${SERVER}import { Gauge } from '../../components/gauge';`,
        'lib/server/b.test.ts': "import { Gauge } from '../../components/gauge';",
        'lib/client/store.ts': 'export type State = 1;',
        'components/gauge.tsx': 'export const Gauge = 1;',
      }),
    ).toEqual([
      ['server-imports-client', 'lib/server/a.ts'],
      ['server-imports-client', 'lib/server/b.ts'],
    ]);
  });

  it('client-reaches-server: directly or through shared lib/ files, for every kind of client root', () => {
    const sources = {
      'components/direct.tsx': "import { a } from '@/lib/server/a';",
      'components/types.tsx': "import type { A } from '@/lib/server/a';",
      'lib/client/redis.ts': "import Redis from 'ioredis';",
      'app/widget.tsx': "'use client';\nimport { fmt } from '@/lib/format';",
      'app/server-page.tsx': "import { fmt } from '@/lib/format';",
      'lib/format.ts': "import { deep } from './deep';\nexport const fmt = 1;",
      'lib/deep.ts': "import { readFileSync } from 'fs';\nimport net from 'node:net';\nimport type { Socket } from 'node:net';",
      'lib/typed.ts': "import type { A } from './server/a';\nexport const typed = 1;",
      'components/uses-typed.tsx': "import { typed } from '@/lib/typed';\nconst later = () => import('@/lib/lazy');",
      'lib/lazy.ts': "import 'server-only';",
      'lib/server/a.ts': `${SERVER}export const a = 1;`,
      'components/a.test.ts': "import fs from 'node:fs';\nimport { a } from '@/lib/server/a';",
    };
    const graph = graphFromSources(sources);
    expect(clientRoots(graph)).toEqual(['app/widget.tsx', 'components/direct.tsx', 'components/types.tsx', 'components/uses-typed.tsx', 'lib/client/redis.ts']);
    const found = checkBoundaries(graph)
      .filter((v) => v.rule === 'client-reaches-server')
      .map(formatViolation);
    expect(found).toEqual([
      "[client-reaches-server] components/direct.tsx: imports '@/lib/server/a' (line 1); client route: components/direct.tsx -> lib/server/a.ts",
      // A client root may not name lib/server even for a type; a shared file's type-only import stays out of the bundle.
      "[client-reaches-server] components/types.tsx: imports '@/lib/server/a' (line 1); client route: components/types.tsx -> lib/server/a.ts",
      "[client-reaches-server] lib/client/redis.ts: imports 'ioredis' (line 1); client route: lib/client/redis.ts -> ioredis",
      "[client-reaches-server] lib/deep.ts: imports 'fs' (line 1); client route: app/widget.tsx -> lib/format.ts -> lib/deep.ts -> fs",
      "[client-reaches-server] lib/deep.ts: imports 'node:net' (line 2); client route: app/widget.tsx -> lib/format.ts -> lib/deep.ts -> node:net",
      "[client-reaches-server] lib/lazy.ts: imports 'server-only' (line 1); client route: components/uses-typed.tsx -> lib/lazy.ts -> server-only",
    ]);
  });

  it('import-cycle: reports the cycle path, ignoring type-only edges and tests', () => {
    const sources = {
      'lib/a.ts': "import { b } from './b';",
      'lib/b.ts': "export { c } from './c';",
      'lib/c.ts': "const later = () => import('./a');",
      'lib/self.ts': "import { self } from './self';",
      'lib/typed-a.ts': "import type { B } from './typed-b';",
      'lib/typed-b.ts': "import { a } from './typed-a';",
      'lib/t.test.ts': "import { u } from './u.test';",
      'lib/u.test.ts': "import { t } from './t.test';",
    };
    expect(findCycles(graphFromSources(sources))).toEqual([
      ['lib/a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/a.ts'],
      ['lib/self.ts', 'lib/self.ts'],
    ]);
    expect(checkBoundaries(graphFromSources(sources)).map(formatViolation)).toEqual([
      '[import-cycle] lib/a.ts: import cycle: lib/a.ts -> lib/b.ts -> lib/c.ts -> lib/a.ts',
      '[import-cycle] lib/self.ts: import cycle: lib/self.ts -> lib/self.ts',
    ]);
  });

  it('import-cycle: finds the short way round inside a larger tangle', () => {
    const cycles = findCycles(
      graphFromSources({
        'lib/a.ts': "import './d';\nimport './b';",
        'lib/b.ts': "import './c';",
        'lib/c.ts': "import './a';",
        'lib/d.ts': "import './e';",
        'lib/e.ts': "import './f';",
        'lib/f.ts': "import './a';\nimport './b';",
      }),
    );
    expect(cycles).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/a.ts']]);
  });

  it('test-support-misuse: runtime code or the wrong tooling importing test support', () => {
    expect(
      violations({
        'lib/decision/decide.ts': "import { makeSnapshot } from './snapshot.test-support';",
        'lib/decision/snapshot.test-support.ts': 'export const makeSnapshot = 1;',
        'components/view.tsx': "import { f } from '@/e2e/support/fixtures';",
        'lib/server/lab.ts': `${SERVER}import { startRedis } from '@/scripts/harness/redis-process';`,
        'scripts/bench/fleet.ts': "import { makeSnapshot } from '../../lib/decision/snapshot.test-support';",
        'scripts/bench/report.ts': "import { f } from '../../e2e/support/fixtures';",
        'e2e/support/fixtures.ts': "import { startRedis } from '../../scripts/harness/redis-process';",
        'scripts/harness/redis-process.ts': 'export const startRedis = 1;',
        'lib/decision/decide.test.ts': "import { makeSnapshot } from './snapshot.test-support';",
      }),
    ).toEqual([
      ['test-support-misuse', 'components/view.tsx'],
      ['test-support-misuse', 'lib/decision/decide.ts'],
      ['test-support-misuse', 'lib/server/lab.ts'],
      ['test-support-misuse', 'scripts/bench/fleet.ts'],
      ['test-support-misuse', 'scripts/bench/report.ts'],
    ]);
  });

  it('unresolved-import: a local import that resolves to no file', () => {
    expect(
      violations({
        'lib/a.ts': "import { gone } from './moved-away';\nimport { z } from 'zod';",
        'scripts/b.ts': "import { gone } from '@/lib/gone';",
      }),
    ).toEqual([
      ['unresolved-import', 'lib/a.ts'],
      ['unresolved-import', 'scripts/b.ts'],
    ]);
  });
});

describe('the real tree', () => {
  it('keeps every boundary', () => {
    const graph = buildGraph(root);
    // A sanity floor: if the walk or the parser silently broke, an empty graph would pass every rule.
    expect(graph.files.size).toBeGreaterThan(300);
    expect(clientRoots(graph).length).toBeGreaterThan(50);
    expect(checkBoundaries(graph).map(formatViolation)).toEqual([]);
  });
});
