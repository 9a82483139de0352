// The one source of "now" for business rules, so tests can move time (a clock is the edge of
// the world) without sleeping.
let override: (() => Date) | undefined;

export function now(): Date {
  return override ? override() : new Date();
}

export function setClockForTests(fn: (() => Date) | undefined): void {
  override = fn;
}
