/**
 * The target console's views. Each has a bookmarkable URL, `/?target=<id>&view=<view>`: one page,
 * so switching views keeps the live stream, the session and values carried from what-if to the editor.
 */
export const TARGET_VIEWS = [
  { id: 'overview', label: 'Overview' },
  { id: 'decision', label: 'Decision' },
  { id: 'config', label: 'Config' },
  { id: 'windows', label: 'Windows' },
  { id: 'baselines', label: 'Baselines' },
  { id: 'audit', label: 'Audit' },
] as const;

export type TargetView = (typeof TARGET_VIEWS)[number]['id'];

/** An unknown or missing `?view=` is the overview: an old bookmark of `/?target=x` still lands somewhere useful. */
export function parseTargetView(value: string | string[] | undefined): TargetView {
  const found = TARGET_VIEWS.find((v) => v.id === value);
  return found ? found.id : 'overview';
}

export function targetViewHref(targetId: string, view: TargetView): string {
  const target = `target=${encodeURIComponent(targetId)}`;
  return view === 'overview' ? `/?${target}` : `/?${target}&view=${view}`;
}
