// Fund requests as partners file them: before the activity. Tests about claims need requests
// for activities already held, so such a request is filed with the clock a week before its start.
import { setClockForTests } from "~/lib/clock.server";
import { createRequest } from "~/modules/funds/requests.server";

const DAY_MS = 24 * 3600 * 1000;

export async function requestBeforeActivity(...args: Parameters<typeof createRequest>): ReturnType<typeof createRequest> {
  const start = Date.parse(`${args[3].startDate}T00:00:00Z`);
  setClockForTests(() => new Date(start - 7 * DAY_MS));
  try {
    return await createRequest(...args);
  } finally {
    setClockForTests(undefined);
  }
}
