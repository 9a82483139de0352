// Transactions the database refused, tried again. InnoDB picks a deadlock victim, and a Galera
// cluster refuses a transaction that lost certification against a write committed on another
// node, or aborts it when a replicated write needs its locks ("brute-force abort"); both are
// reported as ER_LOCK_DEADLOCK (1213) and the whole transaction was rolled back. Only a
// function that runs one whole transaction and has no effect outside it may be retried.
const ER_LOCK_DEADLOCK = 1213;

export function isRefusedTransaction(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { errno?: unknown }).errno === ER_LOCK_DEADLOCK;
}

/** Runs `fn` again (up to `attempts` runs in all) while the database refuses its transaction, waiting a growing, jittered while between runs so two refused writers do not meet again. */
export async function retryRefused<T>(fn: () => Promise<T>, options: { attempts?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isRefusedTransaction(error)) throw error;
      const ceilingMs = 20 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, ceilingMs / 2 + Math.random() * (ceilingMs / 2)));
    }
  }
}
