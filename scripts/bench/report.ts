import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One printed figure: every row is something this run measured, or says plainly that it was not. */
export interface Figure {
  section: string;
  key: string;
  /** What was measured, shown in the table's first column. */
  what: string;
  /** null: not measured (then `shown` says why). */
  value: number | null;
  unit: string;
  shown: string;
  /** An issue's target for this figure: `value` must be at most `max`; `shown` is how it is printed (e.g. "≤ 200 KiB"). */
  target?: Target;
  /** Whether `value` meets `target` (absent without a target). */
  pass?: boolean;
}

export interface Target {
  max: number;
  shown: string;
}

export class Report {
  readonly figures: Figure[] = [];
  /** Raw numbers behind the figures (per-phase counts, per-command stats, ...), JSON only. */
  readonly details: Record<string, unknown> = {};
  readonly notes: string[] = [];
  private section = '';

  startSection(name: string): void {
    this.section = name;
    console.log(`  [bench] ${name} ...`);
  }

  add(key: string, what: string, value: number, unit: string, shown: string, target?: Target): void {
    if (!Number.isFinite(value)) throw new Error(`${key}: ${value} is not a figure`);
    const judged = target ? { target, pass: value <= target.max } : {};
    this.figures.push({ section: this.section, key, what, value, unit, shown, ...judged });
  }

  notMeasured(key: string, what: string, reason: string): void {
    this.figures.push({ section: this.section, key, what, value: null, unit: '', shown: `not measured: ${reason}` });
  }

  detail(key: string, value: unknown): void {
    this.details[key] = value;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  print(header: string): void {
    console.log(`\n${header}\n`);
    const width = Math.min(60, Math.max(...this.figures.map((f) => f.what.length)));
    let section = '';
    for (const figure of this.figures) {
      if (figure.section !== section) {
        section = figure.section;
        console.log(`  ${section}`);
      }
      console.log(`    ${figure.what.padEnd(width)}  ${withTarget(figure)}`);
    }
    const judged = this.figures.filter((f) => f.target);
    if (judged.length > 0) {
      console.log('\n  targets');
      for (const f of judged) console.log(`    ${f.pass ? 'pass' : 'FAIL'}  ${f.what}: ${f.target!.shown}`);
    }
    if (this.notes.length > 0) {
      console.log('\n  notes');
      for (const note of this.notes) console.log(`    - ${note}`);
    }
  }

  /** Writes bench-<ms>.json and the same table as Markdown beside it. Returns the JSON's path. */
  write(dir: string, meta: Record<string, unknown>): string {
    mkdirSync(dir, { recursive: true });
    const stem = path.join(dir, `bench-${Date.now()}`);
    const results = Object.fromEntries(
      this.figures.map((f) => [
        f.key,
        f.value === null ? { notMeasured: f.shown } : { value: f.value, unit: f.unit, ...(f.target ? { target: f.target.max, pass: f.pass } : {}) },
      ]),
    );
    writeFileSync(`${stem}.json`, JSON.stringify({ ...meta, results, figures: this.figures, notes: this.notes, details: this.details }, null, 2));
    const md = [
      '| section | what | figure |',
      '|---|---|---|',
      ...this.figures.map((f) => `| ${f.section} | ${f.what} | ${withTarget(f).replace(/\|/g, '\\|')} |`),
    ];
    writeFileSync(`${stem}.md`, `${md.join('\n')}\n`);
    return `${stem}.json`;
  }
}

/** "341 KiB ...  [target ≤ 200 KiB: FAIL]": a figure with a target says plainly whether it meets it. */
function withTarget(figure: Figure): string {
  if (!figure.target) return figure.shown;
  return `${figure.shown}  [target ${figure.target.shown}: ${figure.pass ? 'pass' : 'FAIL'}]`;
}
