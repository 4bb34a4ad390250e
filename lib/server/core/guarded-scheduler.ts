import 'server-only';
import { log } from './log';
import { WindowScheduler } from '../windows/window-scheduler';

/**
 * The hub's window scheduler. Its timer fires `void this.tick()`: a pass that rejects (the
 * windows store unreadable, the state Redis gone mid-pass) would be an unhandled rejection, which
 * ends a Node process. Here every tick's failure is logged; callers that await tick() still see it.
 */
export class GuardedScheduler extends WindowScheduler {
  private readonly logged = new WeakSet<Promise<void>>();

  override tick(): Promise<void> {
    const pass = super.tick();
    if (!this.logged.has(pass)) {
      this.logged.add(pass);
      pass.catch((error: unknown) => log.error(`window scheduler pass failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    return pass;
  }
}
