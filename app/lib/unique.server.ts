// Two people saving the same code at the same moment both pass the "is it taken?" check; the
// unique index stops the second. This turns that index violation into the same field error
// the check would have given, instead of a 500.
import { ValidationError, type FieldErrors } from "./forms";

function violatedIndex(error: unknown): string | null {
  if (!error || typeof error !== "object" || (error as { code?: string }).code !== "ER_DUP_ENTRY") return null;
  // MariaDB says "for key 'partners_code'", MySQL 8 "for key 'partners.partners_code'".
  const match = /for key '(?:[^'.]+\.)?([^'.]+)'/.exec((error as Error).message);
  return match?.[1] ?? null;
}

export async function withUniqueChecks<T>(work: () => Promise<T>, indexErrors: Record<string, FieldErrors>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const index = violatedIndex(error);
    if (index && indexErrors[index]) throw new ValidationError(indexErrors[index]);
    throw error;
  }
}
