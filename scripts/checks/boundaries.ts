/**
 * The import-boundary checker behind scripts/checks/boundaries.test.ts.
 *
 * It parses every source file with the `typescript` package's own parser (no regexes: a regex misses
 * `export ... from`, `import()` and `import type`, or matches inside strings and comments), resolves
 * the specifiers the way tsconfig.json does ('@/...' through `paths`, relative paths with
 * .ts/.tsx/.mts/index resolution) and checks the graph against the rules in RULES.
 *
 * The parsing and the rules take plain inputs (a path and its text, a graph), so the test can prove
 * every rule on small synthetic trees without touching the repo.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export const RULES = {
  'server-only-first': "a lib/server file (not *.test.ts, not *.test-support.ts) starts with import 'server-only'",
  'runtime-imports-tooling': 'runtime code (app/, components/, lib/) imports nothing under scripts/ or e2e/',
  'server-imports-client': 'lib/server imports nothing from lib/client or components/',
  'client-reaches-server': 'client code reaches no lib/server file, server-only package or Node built-in, not even transitively',
  'import-cycle': 'no import cycle among non-test files (type-only imports excluded)',
  'test-support-misuse': 'test support is imported only by the tests it supports',
  'unresolved-import': 'every local import resolves to a file (so no edge silently drops out of the checks)',
} as const;

export type RuleId = keyof typeof RULES;

export interface Violation {
  rule: RuleId;
  file: string;
  message: string;
}

export interface ImportEdge {
  specifier: string;
  /** `import type`, `export type ... from`, all-`type` specifier lists, `import('x').T`: erased by the compiler. */
  typeOnly: boolean;
  line: number;
  /** Repo-relative path of the local file it resolves to. */
  resolved?: string;
  /** Bare specifiers: the package ('ioredis', '@playwright/test') or built-in ('node:fs', 'fs'). */
  external?: string;
}

export interface SourceInfo {
  file: string;
  imports: ImportEdge[];
  useClient: boolean;
  /** The first import-like top-level statement: its specifier and whether it is a bare `import 'x'`. */
  firstImport: { specifier: string; sideEffectOnly: boolean } | null;
}

export interface Graph {
  files: Map<string, SourceInfo>;
}

/** Packages that must never reach the browser bundle, beside Node's built-ins. */
export const SERVER_PACKAGES = ['ioredis', 'server-only', 'prom-client'];

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
export const SOURCE_ROOTS = ['app', 'components', 'lib', 'scripts', 'e2e'];

const builtins = new Set(builtinModules);

// ---------------------------------------------------------------------------------------------------
// Classification

export const isTestFile = (f: string): boolean => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f);
export const isTestSupportFile = (f: string): boolean => /\.test-support\.[cm]?[jt]sx?$/.test(f);
/** Runtime code: what the app serves or bundles. scripts/ and e2e/ are tooling, tests are tests. */
export const isRuntime = (f: string): boolean => /^(app|components|lib)\//.test(f) && !isTestFile(f) && !isTestSupportFile(f);
export const isServerFile = (f: string): boolean => f.startsWith('lib/server/');
const isTooling = (f: string): boolean => f.startsWith('scripts/') || f.startsWith('e2e/');

export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return builtins.has(specifier) || builtins.has(specifier.split('/')[0] ?? '');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const isServerExternal = (external: string): boolean => isNodeBuiltin(external) || SERVER_PACKAGES.includes(packageName(external));

// ---------------------------------------------------------------------------------------------------
// Parsing

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function stringArgument(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/** The imports, 'use client' directive and first import of one file, unresolved. */
export function parseSource(file: string, text: string): SourceInfo {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const imports: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: string | undefined, typeOnly: boolean): void => {
    if (specifier === undefined) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    imports.push({ specifier, typeOnly, line });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      // `import { type A, type B } from 'x'` is erased just like `import type`: no runtime edge.
      const allTypeSpecifiers =
        clause !== undefined &&
        clause.name === undefined &&
        clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((e) => e.isTypeOnly);
      add(node, stringArgument(node.moduleSpecifier), (clause?.isTypeOnly ?? false) || allTypeSpecifiers);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const allTypeSpecifiers = clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(node, stringArgument(node.moduleSpecifier), node.isTypeOnly || allTypeSpecifiers);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, stringArgument(node.moduleReference.expression), node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require' && node.arguments.length === 1;
      if (isDynamicImport || isRequire) add(node, stringArgument(node.arguments[0]), false);
    } else if (ts.isImportTypeNode(node)) {
      // `import('node:child_process').ChildProcess` in a type position.
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(node, stringArgument(arg.literal), true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  let useClient = false;
  for (const statement of source.statements) {
    // Directives are the leading string-literal expression statements of the file (its prologue).
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    if (statement.expression.text === 'use client') useClient = true;
  }

  let firstImport: SourceInfo['firstImport'] = null;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = stringArgument(statement.moduleSpecifier) ?? '';
      firstImport = { specifier, sideEffectOnly: statement.importClause === undefined };
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      firstImport = { specifier: stringArgument(statement.moduleSpecifier) ?? '', sideEffectOnly: false };
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      firstImport = { specifier: stringArgument(statement.moduleReference.expression) ?? '', sideEffectOnly: false };
    } else {
      continue;
    }
    break;
  }

  return { file, imports, useClient, firstImport };
}

// ---------------------------------------------------------------------------------------------------
// Resolution

export interface ResolveOptions {
  /** tsconfig `compilerOptions.paths`, relative to the repo root (baseUrl-less, as tsconfig.json has it). */
  paths: Record<string, string[]>;
  isFile: (relPath: string) => boolean;
}

function candidates(base: string): string[] {
  const out = [base];
  for (const ext of RESOLVE_EXTENSIONS) out.push(base + ext);
  // ESM-style TS specifiers name the emitted file: './x.js' means './x.ts'.
  const jsExt = /\.([cm]?)js$/.exec(base);
  if (jsExt) {
    const stem = base.slice(0, -jsExt[0].length);
    out.push(`${stem}.${jsExt[1]}ts`, `${stem}.tsx`);
  }
  for (const ext of RESOLVE_EXTENSIONS) out.push(`${base}/index${ext}`);
  return out;
}

function applyPaths(specifier: string, paths: Record<string, string[]>): string[] | undefined {
  for (const [pattern, targets] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    if (star === -1) {
      if (specifier === pattern) return targets;
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
      const matched = specifier.slice(prefix.length, specifier.length - suffix.length);
      return targets.map((t) => t.replace('*', matched));
    }
  }
  return undefined;
}

/** Fills `resolved` (local file) or `external` (package, built-in) on one edge. */
export function resolveEdge(from: string, edge: ImportEdge, options: ResolveOptions): void {
  const { specifier } = edge;
  let bases: string[];
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    bases = [path.posix.join(path.posix.dirname(from), specifier)];
  } else {
    const mapped = applyPaths(specifier, options.paths);
    if (!mapped) {
      edge.external = specifier;
      return;
    }
    bases = mapped.map((t) => path.posix.normalize(t));
  }
  for (const base of bases) {
    const hit = candidates(base).find((c) => options.isFile(c));
    if (hit) {
      edge.resolved = hit;
      return;
    }
  }
}

/** A graph from in-memory sources: the unit tests' way in, and the last step of buildGraph. */
export function graphFromSources(sources: Record<string, string>, options: Partial<ResolveOptions> = {}): Graph {
  const known = new Set(Object.keys(sources));
  const resolveOptions: ResolveOptions = {
    paths: options.paths ?? { '@/*': ['./*'] },
    isFile: options.isFile ?? ((p) => known.has(p)),
  };
  const files = new Map<string, SourceInfo>();
  for (const [file, text] of Object.entries(sources)) {
    if (!SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext))) continue;
    const info = parseSource(file, text);
    for (const edge of info.imports) resolveEdge(file, edge, resolveOptions);
    files.set(file, info);
  }
  return { files };
}

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    // Dot-folders (.artifacts) and installed packages are not the repo's own code.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(root, rel, out);
    else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) out.push(rel);
  }
}

/** The repo's own import graph: every source file under SOURCE_ROOTS, resolved with tsconfig's paths. */
export function buildGraph(root: string): Graph {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
  const compilerOptions = (configFile.config as { compilerOptions?: { paths?: Record<string, string[]> } }).compilerOptions;
  const files: string[] = [];
  for (const dir of SOURCE_ROOTS) if (fs.existsSync(path.join(root, dir))) walk(root, dir, files);
  const sources = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
  return graphFromSources(sources, {
    paths: compilerOptions?.paths ?? {},
    isFile: (p) => !p.startsWith('..') && fs.statSync(path.join(root, p), { throwIfNoEntry: false })?.isFile() === true,
  });
}

// ---------------------------------------------------------------------------------------------------
// Rules

const at = (edge: ImportEdge): string => `'${edge.specifier}' (line ${edge.line})`;

function checkServerOnly(graph: Graph, out: Violation[]): void {
  for (const info of graph.files.values()) {
    const { file, firstImport } = info;
    if (!isServerFile(file) || !isRuntime(file) || file.endsWith('.d.ts')) continue;
    if (firstImport?.specifier === 'server-only' && firstImport.sideEffectOnly) continue;
    const found = firstImport ? `its first import is '${firstImport.specifier}'` : 'it has no imports';
    out.push({ rule: 'server-only-first', file, message: `lacks import 'server-only' as its first import (${found})` });
  }
}

/**
 * Test support, as the tree uses it: `*.test-support.ts` serves *.test.ts files; e2e/support/** serves
 * the e2e specs; scripts/harness/** (real redis-server, app processes, proxies) serves the e2e specs,
 * the vitest integration tests, scripts/bench, scripts/demo.mts and the lab CLI, so only runtime code
 * is barred from it.
 */
const isTestSupport = (f: string): boolean => isTestSupportFile(f) || f.startsWith('e2e/support/') || f.startsWith('scripts/harness/');

function checkEdges(graph: Graph, out: Violation[]): void {
  for (const { file, imports } of graph.files.values()) {
    for (const edge of imports) {
      if (edge.resolved === undefined && edge.external === undefined) {
        out.push({ rule: 'unresolved-import', file, message: `${at(edge)} resolves to no file` });
        continue;
      }
      const target = edge.resolved;
      if (target === undefined) continue;

      if (isRuntime(file)) {
        if (isTestSupport(target)) {
          out.push({ rule: 'test-support-misuse', file, message: `runtime code imports test support ${at(edge)} (${target})` });
        } else if (isTooling(target)) {
          out.push({ rule: 'runtime-imports-tooling', file, message: `imports ${at(edge)} (${target})` });
        }
      } else if (isTestSupportFile(target) && !isTestFile(file) && !isTestSupportFile(file)) {
        out.push({ rule: 'test-support-misuse', file, message: `imports ${at(edge)}: *.test-support files serve *.test.ts files only` });
      } else if (target.startsWith('e2e/') && !file.startsWith('e2e/')) {
        out.push({ rule: 'test-support-misuse', file, message: `imports ${at(edge)}: e2e/ serves the e2e specs only` });
      }

      if (isServerFile(file) && isRuntime(file) && (target.startsWith('lib/client/') || target.startsWith('components/'))) {
        out.push({ rule: 'server-imports-client', file, message: `imports ${at(edge)} (${target})` });
      }
    }
  }
}

/** Client entry points: components/**, lib/client/** and every 'use client' file, tests excluded. */
export function clientRoots(graph: Graph): string[] {
  return [...graph.files.values()]
    .filter((i) => isRuntime(i.file) && (i.file.startsWith('components/') || i.file.startsWith('lib/client/') || i.useClient))
    .map((i) => i.file)
    .sort();
}

function checkClientReach(graph: Graph, out: Violation[]): void {
  // One breadth-first search from all client roots at once: `via` holds the shortest chain back to a root,
  // so each offending import is reported once, with the path that brings it into the bundle.
  const via = new Map<string, string | null>();
  const queue: string[] = [];
  for (const root of clientRoots(graph)) {
    via.set(root, null);
    queue.push(root);
  }
  const chain = (file: string): string[] => {
    const out: string[] = [];
    for (let f: string | null | undefined = file; f; f = via.get(f)) out.unshift(f);
    return out;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    const info = graph.files.get(file);
    if (!info) continue;
    for (const edge of info.imports) {
      // A client file that names lib/server even for types couples the bundle's sources to the server's;
      // shared shapes belong in lib/. Beyond the roots only runtime (value) edges reach the bundle.
      const isRoot = via.get(file) === null;
      if (edge.typeOnly && !(isRoot && edge.resolved && isServerFile(edge.resolved))) continue;
      const offence =
        edge.resolved !== undefined && isServerFile(edge.resolved)
          ? edge.resolved
          : edge.external !== undefined && isServerExternal(edge.external)
            ? edge.external
            : undefined;
      if (offence !== undefined) {
        const route = [...chain(file), offence].join(' -> ');
        out.push({ rule: 'client-reaches-server', file, message: `imports ${at(edge)}; client route: ${route}` });
        continue;
      }
      if (edge.resolved !== undefined && !via.has(edge.resolved) && graph.files.has(edge.resolved)) {
        via.set(edge.resolved, file);
        queue.push(edge.resolved);
      }
    }
  }
}

/** Strongly connected components (Tarjan), each reported as one concrete cycle through its first file. */
export function findCycles(graph: Graph): string[][] {
  const nodes = [...graph.files.keys()].filter((f) => !isTestFile(f)).sort();
  const inGraph = new Set(nodes);
  const next = new Map<string, string[]>();
  for (const f of nodes) {
    const targets = graph.files
      .get(f)!
      .imports.filter((e) => !e.typeOnly && e.resolved !== undefined && inGraph.has(e.resolved))
      .map((e) => e.resolved!);
    next.set(f, [...new Set(targets)].sort());
  }

  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = next.get(frame.node)!;
      if (frame.i < succ.length) {
        const w = succ[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        const selfLoop = component.length === 1 && next.get(w)!.includes(w);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }

  // The shortest way around from the component's first file back to itself, for a readable report.
  components.sort((a, b) => a[0]!.localeCompare(b[0]!));
  return components.map((component) => {
    const members = new Set(component);
    const first = component[0]!;
    const prev = new Map<string, string>();
    const queue = [first];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const f = queue.shift()!;
      for (const w of next.get(f)!) {
        if (!members.has(w)) continue;
        if (w === first) {
          const cycle = [first];
          for (let c: string | undefined = f; c !== undefined && c !== first; c = prev.get(c)) cycle.splice(1, 0, c);
          cycle.push(first);
          return cycle;
        }
        if (!seen.has(w)) {
          seen.add(w);
          prev.set(w, f);
          queue.push(w);
        }
      }
    }
    return [...component, first];
  });
}

function checkCycles(graph: Graph, out: Violation[]): void {
  for (const cycle of findCycles(graph)) {
    out.push({ rule: 'import-cycle', file: cycle[0]!, message: `import cycle: ${cycle.join(' -> ')}` });
  }
}

export function checkBoundaries(graph: Graph): Violation[] {
  const out: Violation[] = [];
  checkServerOnly(graph, out);
  checkEdges(graph, out);
  checkClientReach(graph, out);
  checkCycles(graph, out);
  return out.sort((a, b) => a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file) || a.message.localeCompare(b.message));
}

export const formatViolation = (v: Violation): string => `[${v.rule}] ${v.file}: ${v.message}`;
