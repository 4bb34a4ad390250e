/**
 * 6. Bundle: first-load JavaScript of the dashboard page (/), gzipped with node:zlib (level 6,
 * the usual server default), from the build output in .next/static:
 * - the `<script src>` list of the page's HTML (nomodule polyfills left out: modern browsers skip them);
 * - and, as a check, every script Chromium fetched during a cold load until the network was idle.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AppProcess } from '../harness/app-process';
import type { Report } from './report';

const KiB = 1024;
/** Issue #16: first-load JS of / at most 200 KiB gzipped. */
export const FIRST_LOAD_TARGET_BYTES = 200 * KiB;

function sizes(root: string, urls: string[]) {
  let raw = 0;
  let gzip = 0;
  const files: { file: string; raw: number; gzip: number }[] = [];
  for (const url of new Set(urls)) {
    const pathname = new URL(url, 'http://x').pathname;
    if (!pathname.startsWith('/_next/')) throw new Error(`a first-load script outside /_next/: ${url}`);
    const bytes = readFileSync(path.join(root, '.next', decodeURIComponent(pathname.slice('/_next/'.length))));
    const z = gzipSync(bytes, { level: 6 }).length;
    files.push({ file: pathname, raw: bytes.length, gzip: z });
    raw += bytes.length;
    gzip += z;
  }
  return { raw, gzip, files };
}

export async function measureBundle(report: Report, root: string, app: AppProcess, browserScripts: string[]): Promise<void> {
  const html = await (await fetch(`${app.url}/`)).text();
  const srcs: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>/g)) {
    const attrs = match[1]!;
    const src = /\ssrc="([^"]+)"/.exec(attrs)?.[1];
    if (src && !/\bnomodule\b/i.test(attrs)) srcs.push(src.replace(/&amp;/g, '&'));
  }
  const fromHtml = sizes(root, srcs);
  report.add(
    'bundle_first_load_js_gzip_bytes',
    'first-load JS of / (gzip)',
    fromHtml.gzip,
    'bytes',
    `${(fromHtml.gzip / KiB).toFixed(1)} KiB gzip in ${fromHtml.files.length} chunks (${(fromHtml.raw / KiB).toFixed(0)} KiB raw; the HTML's <script src>)`,
    { max: FIRST_LOAD_TARGET_BYTES, shown: '≤ 200 KiB' },
  );
  const fetched = browserScripts.filter((u) => new URL(u).pathname.startsWith('/_next/'));
  if (fetched.length > 0) {
    const fromBrowser = sizes(root, fetched);
    report.add(
      'bundle_loaded_js_gzip_bytes',
      'JS Chromium fetched loading / (gzip)',
      fromBrowser.gzip,
      'bytes',
      `${(fromBrowser.gzip / KiB).toFixed(1)} KiB gzip in ${fromBrowser.files.length} files (${(fromBrowser.raw / KiB).toFixed(0)} KiB raw; cold load until network idle)`,
    );
    report.detail('bundle', { html: fromHtml, browser: fromBrowser });
  } else {
    report.detail('bundle', { html: fromHtml });
  }
}
