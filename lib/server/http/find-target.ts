import 'server-only';
import { AppError } from '../core/errors';
import { getHub } from '../core/hub';
import type { TargetPoller } from '../polling/target-poller';

const TARGET_ID = /^[a-z0-9-]{1,64}$/;

/** The poller of a target id from a URL or body; anything else (path tricks too) is a 404. */
export function findPoller(rawId: string): TargetPoller {
  const poller = TARGET_ID.test(rawId) ? getHub().get(rawId) : undefined;
  if (!poller) throw new AppError('not_found', `unknown target "${rawId.slice(0, 64)}"`);
  return poller;
}
