// Runs the sell-through check job's body for one submission in a process of its own, so a test
// can kill it half-way as a crash or a deploy would:
//   node --import tsx test/support/check-child.ts <submission id>
import { closeDb, getDb } from "../../app/lib/db.server";
import { checkSubmission } from "../../app/modules/sell-through/submissions.server";

await checkSubmission(getDb(), Number(process.argv[2]), process.env.DATABASE_URL);
await closeDb();
