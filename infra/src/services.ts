/** The deployable services `npm start` runs, in start order, with the address each serves on (if any). */
export const SERVICES: ReadonlyArray<{ name: string; url?: string; what: string }> = [
  {
    name: 'audit',
    url: 'http://127.0.0.1:8082',
    what: 'audit log, IG search, subject access export, proofs',
  },
  {
    name: 'inbox',
    url: 'http://127.0.0.1:8081',
    what: "each team's notifications, acknowledgements, triage queue",
  },
  { name: 'router', what: 'routes care plans and MARAC listings to teams' },
  { name: 'triage', what: 'applies the sharing thresholds to incidents' },
  { name: 'gateway', url: 'http://127.0.0.1:8080', what: 'police and MARAC publishing API' },
];
