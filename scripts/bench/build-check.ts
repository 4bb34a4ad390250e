import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The build the bench measures: its id, or why there is none; and whether sources changed since. */
export function checkBuild(root: string): { buildId: string; staleFiles: string[] } | { missing: string } {
  const idFile = path.join(root, '.next/BUILD_ID');
  if (!existsSync(idFile)) return { missing: 'no .next/BUILD_ID: run `npm run build` first (the bench measures the built app, `next start`)' };
  const builtAt = statSync(idFile).mtimeMs;
  const staleFiles: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && statSync(full).mtimeMs > builtAt) {
        staleFiles.push(path.relative(root, full));
      }
    }
  };
  for (const dir of ['app', 'lib', 'components']) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return { buildId: readFileSync(idFile, 'utf8').trim(), staleFiles };
}
