// Password hashing with argon2id at OWASP's baseline (19 MiB, 2 passes), used by sign-in,
// invitations and the seeds alike.
import { hash, verify } from "@node-rs/argon2";

const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}
