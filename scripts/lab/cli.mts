/**
 * `npm run lab -- <command>`: the Fragscope lab. Builds defrag-capable servers, runs a throw-away
 * server, and creates fragmentation to look at.
 *
 * This file is .mts only for top-level await (package.json has no "type": "module"). It imports
 * nothing but main.ts on purpose: under tsx the .ts modules are CommonJS, and a module imported
 * both from here (ESM) and from another .ts (require) is loaded twice, so `instanceof` on its
 * error classes would fail. Keeping every other import inside main.ts's CommonJS graph avoids that.
 */
import { runCli } from './main';

process.exitCode = await runCli(process.argv.slice(2));
