/** GET: alertsListSchema; all targets' alerts, or one target's. */
export function alertsUrl(targetId?: string): string {
  return targetId ? `/api/alerts?target=${encodeURIComponent(targetId)}` : '/api/alerts';
}
