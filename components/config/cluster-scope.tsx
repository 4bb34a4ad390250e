import type { ConfigView } from '@/lib/config-params/api-schema';
import type { ClusterApplyResult } from '@/lib/fleet/api-schema';

export type ClusterScope = 'node' | 'primaries' | 'all';

/** On a cluster node: apply to this node, to every primary, or to every node of the cluster. */
export function ClusterScopePicker({
  cluster,
  value,
  disabled,
  onChange,
}: {
  cluster: NonNullable<ConfigView['cluster']>;
  value: ClusterScope;
  disabled: boolean;
  onChange: (scope: ClusterScope) => void;
}) {
  return (
    <label className="flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium">Apply to</span>
      <select
        data-testid="config-scope"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as ClusterScope)}
        className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
      >
        <option value="node">this node only ({cluster.role ?? 'role unknown'})</option>
        <option value="primaries">
          all {cluster.primaries} primaries of cluster {cluster.name}
        </option>
        <option value="all">
          all {cluster.nodes} nodes of cluster {cluster.name}
        </option>
      </select>
      <span className="text-xs text-zinc-500">each node is validated, written, read back and audited on its own</span>
    </label>
  );
}

/** One row per node: what it holds now, or Redis's words for why not. */
export function ClusterOutcomeView({ result }: { result: ClusterApplyResult }) {
  return (
    <div
      data-testid="config-cluster-result"
      data-all-applied={result.allApplied}
      role="status"
      className={`rounded-lg border p-3 text-sm ${result.allApplied ? 'border-emerald-600 bg-emerald-50 dark:bg-emerald-950/40' : 'border-red-600 bg-red-50 dark:bg-red-950/40'}`}
    >
      <p className="font-semibold">{result.allApplied ? '✓ Applied on every node' : '✗ Not applied everywhere: see each node'}</p>
      <table className="mt-2 font-mono text-xs">
        <tbody>
          {result.results.map((r) => (
            <tr key={r.targetId} data-testid="config-cluster-node" data-ok={r.ok} data-target-id={r.targetId}>
              <td className="pr-3">{r.address}</td>
              <td className="pr-3">{r.role}</td>
              <td className="pr-3">{r.ok ? '✓ applied' : `✗ ${r.status}`}</td>
              <td className="whitespace-pre-wrap">
                {r.ok
                  ? Object.entries(r.after ?? {})
                      .map(([k, v]) => `${k}=${v}`)
                      .join(' ')
                  : r.error}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
