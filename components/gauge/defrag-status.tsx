import { formatDuration } from '@/lib/format';

interface DefragStatusProps {
  running: number | null;
  enabled: boolean | null;
  supported: boolean | null;
  forkChild: boolean | null;
  currentDefragTimeMs: number | null;
}

/** `active_defrag_running` is the CPU percent defrag is allowed, not a 0/1 flag. */
export function DefragStatus({ running, enabled, supported, forkChild, currentDefragTimeMs }: DefragStatusProps) {
  let text: string;
  let state: string;
  if (running !== null && running > 0) {
    state = 'running';
    text = `running, ${running}% CPU${currentDefragTimeMs ? ` for ${formatDuration(currentDefragTimeMs)}` : ''}${forkChild ? ' (paused: fork child)' : ''}`;
  } else if (supported === false) {
    state = 'unsupported';
    text = 'not available: this build cannot defrag';
  } else if (enabled === false) {
    state = 'disabled';
    text = 'idle (activedefrag no)';
  } else if (running === null) {
    state = 'unknown';
    text = 'unknown';
  } else {
    state = 'idle';
    text = 'idle (enabled, thresholds not met)';
  }
  return (
    <div className="text-sm" title="active_defrag_running (INFO memory): target CPU percent, 0 when idle">
      <span className="text-zinc-500">active defrag: </span>
      <span className="font-medium" data-testid="defrag-running" data-state={state} data-cpu={running ?? ''}>
        {text}
      </span>
    </div>
  );
}
