// The demo seed moves time for its own work only: a request served while it runs (or a test
// that set its own clock) must not see the seed's past.
import { afterEach, describe, expect, it } from "vitest";
import { now, setClockForTests, withClock } from "~/lib/clock.server";

afterEach(() => setClockForTests(undefined));

describe("withClock", () => {
  it("moves now() inside its work and nowhere else, even while both run", async () => {
    const past = new Date("2026-10-01T09:00:00Z");
    setClockForTests(() => new Date("2026-12-05T12:00:00Z"));
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    const inside = withClock(
      () => past,
      async () => {
        await paused;
        return now();
      },
    );
    expect(now().toISOString()).toBe("2026-12-05T12:00:00.000Z");
    release();
    expect((await inside).toISOString()).toBe("2026-10-01T09:00:00.000Z");
    expect(now().toISOString()).toBe("2026-12-05T12:00:00.000Z");
  });
});
