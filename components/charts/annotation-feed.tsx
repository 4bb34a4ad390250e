'use client';

import { useEffect } from 'react';
import { auditListSchema, type AuditEntry } from '@/lib/audit/api-schema';
import { baselineListResponseSchema, type BaselineSummary } from '@/lib/baselines/api-schema';
import { auditUrl } from '@/lib/client/admin-requests';
import { baselinesUrl } from '@/lib/client/baselines-requests';
import { useResource } from '@/lib/client/use-resource';

export interface AnnotationFeedData {
  audit: AuditEntry[];
  baselines: BaselineSummary[];
}

export interface AnnotationFeedProps {
  targetId: string;
  /** The admin store's revision: our own writes refresh the feed at once. */
  revision: number;
  pollMs: number;
  onData: (data: AnnotationFeedData) => void;
}

/**
 * Reads what the annotations are made of (the audit log, the baselines) and hands it up. Its own
 * module, loaded after the first paint: the audit, window and baseline contracts it validates with
 * need not be in the first load of the overview. Renders nothing.
 */
export function AnnotationFeed({ targetId, revision, pollMs, onData }: AnnotationFeedProps) {
  const { data: audit } = useResource(auditUrl(targetId), auditListSchema, { pollMs, refreshKey: revision });
  const { data: baselines } = useResource(baselinesUrl(targetId), baselineListResponseSchema, { pollMs, refreshKey: revision });
  useEffect(() => onData({ audit: audit?.entries ?? [], baselines: baselines?.baselines ?? [] }), [audit, baselines, onData]);
  return null;
}
