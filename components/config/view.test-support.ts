import type { ConfigView } from '@/lib/config-params/api-schema';
import { DEFRAG_PARAM_NAMES } from '@/lib/config-params';

const MB = 1024 * 1024;

/** A Redis 7.0 config view at the server defaults, signed in; for tests. */
export function makeView(patch: Partial<ConfigView> = {}): ConfigView {
  return {
    targetId: 'default',
    targetName: 'default',
    engine: 'redis',
    version: '7.0.15',
    // Redis 7.0 has every defrag parameter but Valkey's cycle-us.
    params: DEFRAG_PARAM_NAMES.filter((p) => p !== 'active-defrag-cycle-us'),
    values: {
      activedefrag: 'no',
      'active-defrag-ignore-bytes': String(100 * MB),
      'active-defrag-threshold-lower': '10',
      'active-defrag-threshold-upper': '100',
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '25',
      'active-defrag-max-scan-fields': '1000',
      activerehashing: 'yes',
    },
    configFile: null,
    atomicSet: true,
    defragSupported: false,
    defragUnsupportedReason: null,
    access: { allowed: true, writesEnabled: true, signedInAs: 'admin', targetReadonly: false, configUnavailable: null, reason: null },
    activeWindow: null,
    ...patch,
  };
}
