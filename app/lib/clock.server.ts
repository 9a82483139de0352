// The one source of "now" for business rules, so tests can move time (a clock is the edge of
// the world) without sleeping.
import { AsyncLocalStorage } from "node:async_hooks";

let override: (() => Date) | undefined;
const ownClock = new AsyncLocalStorage<() => Date>();

export function now(): Date {
  const own = ownClock.getStore();
  if (own) return own();
  return override ? override() : new Date();
}

/**
 * Runs `work` with `now()` read from `clock` inside it and nowhere else: the demo seed tells its
 * stories over the weeks before today while any other work of the process keeps its own time.
 */
export function withClock<T>(clock: () => Date, work: () => Promise<T>): Promise<T> {
  return ownClock.run(clock, work);
}

export function setClockForTests(fn: (() => Date) | undefined): void {
  override = fn;
}
