// The services read AUDIT_PORT / INBOX_PORT / GATEWAY_PORT (their config.ts); `npm start` passes its environment
// on, so it reads the same settings to know where to wait and what to print.
const urlOn = (setting: string, port: number) => `http://127.0.0.1:${process.env[setting] || port}`;

/** The deployable services `npm start` runs, in start order, with the address each serves on (if any). */
export const SERVICES: ReadonlyArray<{ name: string; url?: string; what: string }> = [
  {
    name: 'audit',
    url: urlOn('AUDIT_PORT', 8082),
    what: 'audit log, IG search, subject access export, proofs',
  },
  {
    name: 'inbox',
    url: urlOn('INBOX_PORT', 8081),
    what: "each team's notifications, acknowledgements, triage queue",
  },
  { name: 'router', what: 'routes care plans and MARAC listings to teams' },
  { name: 'triage', what: 'applies the sharing thresholds to incidents' },
  { name: 'gateway', url: urlOn('GATEWAY_PORT', 8080), what: 'police and MARAC publishing API' },
];
