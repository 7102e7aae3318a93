/**
 * The base of the decision core's errors: a stable `code` callers branch on, a `name`, and a `cause`. (The core
 * keeps its own base rather than import @sharehub/kit, so that it stays free of the runtime's I/O dependencies.)
 */
export class DecisionCoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
