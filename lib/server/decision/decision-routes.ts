import 'server-only';
import { z } from 'zod';
import { paramSpec } from '@/lib/config-params';
import { decide, diagnose } from '@/lib/decision';
import type { DecisionResponse } from '@/lib/decision/api-schema';
import { CONFIG_NUMBER_FIELDS, type ConfigNumberField } from '@/lib/snapshot';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { readJsonBody } from '../http/read-json-body';
import { findPoller } from '../http/find-target';
import type { TargetPoller } from '../polling/target-poller';

const overridesSchema = z
  .object({
    activedefrag: z.boolean().optional(),
    // The editor's ranges (lib/config-params): a value Redis would refuse makes no what-if.
    ...(Object.fromEntries(CONFIG_NUMBER_FIELDS.map((f) => [f, z.number().int().min(paramSpec(f).min).max(paramSpec(f).max).optional()])) as Record<
      ConfigNumberField,
      z.ZodOptional<z.ZodNumber>
    >),
  })
  .strict();

const whatIfSchema = z.object({ targetId: z.string().min(1).max(64), config: overridesSchema }).strict();

/** The decision is made on the newest good sample; during an outage it says how old that is. */
function decisionFor(poller: TargetPoller, overrides: z.infer<typeof overridesSchema> = {}): DecisionResponse {
  const latest = poller.latest();
  const lastGood = poller.lastOk();
  if (!lastGood) throw new AppError('not_found', `no good sample of "${poller.target.id}" yet; retry in a second`);
  const decision = decide(lastGood, overrides);
  const stale = latest !== null && !latest.ok;
  return {
    targetId: poller.target.id,
    sampleAt: lastGood.at,
    stale,
    ...decision,
    warnings: stale
      ? [`the target is not answering; this decision uses the sample from ${new Date(lastGood.at).toISOString()}`, ...decision.warnings]
      : decision.warnings,
    diagnoses: diagnose(lastGood, decision),
  };
}

export function decisionResponse(targetId: string): Response {
  return handle(() => Response.json(decisionFor(findPoller(targetId)), { headers: { 'Cache-Control': 'no-store' } }));
}

/** What-if: the same model with hypothetical config values. No Redis call, no write. */
export function whatIfResponse(request: Request): Promise<Response> {
  return handle(async () => {
    const body = await readJsonBody(request, whatIfSchema, '{ "targetId": "...", "config": { "<param>": value } }');
    return Response.json(decisionFor(findPoller(body.targetId), body.config));
  });
}
