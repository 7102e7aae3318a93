/** Service settings under test, passed through from the caller's environment to the measured services. */
export function tuningEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    ['TRIAGE_CONCURRENT_PARTITIONS', 'ROUTER_CONCURRENT_PARTITIONS']
      .filter((k) => env[k])
      .map((k) => [k, env[k]!]),
  );
}
