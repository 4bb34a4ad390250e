// Stand-in for the 'server-only' package inside vitest (see scripts/vitest.config.mts).
export {};
