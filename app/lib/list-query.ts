// The state of a server-side table lives in the URL: page, page size, sort, direction and
// filters. These helpers read it safely (anything unknown falls back to the default).
export const PAGE_SIZES = [25, 50, 100] as const;

export interface ListPaging<S extends string> {
  page: number;
  pageSize: number;
  sort: S;
  dir: "asc" | "desc";
}

export function readPaging<S extends string>(params: URLSearchParams, sorts: readonly S[], defaultSort: S): ListPaging<S> {
  const page = Number(params.get("page"));
  const pageSize = Number(params.get("pageSize"));
  const sort = params.get("sort") as S;
  return {
    page: Number.isInteger(page) && page >= 1 && page <= 100000 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : 25,
    sort: sorts.includes(sort) ? sort : defaultSort,
    dir: params.get("dir") === "desc" ? "desc" : "asc",
  };
}

export function readChoice<T extends string>(params: URLSearchParams, name: string, choices: readonly T[]): T | "" {
  const value = params.get(name) ?? "";
  return (choices as readonly string[]).includes(value) ? (value as T) : "";
}

export function readId(params: URLSearchParams, name: string): number | null {
  const value = params.get(name) ?? "";
  return /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : null;
}

/** A day given as YYYY-MM-DD, as its first instant in UTC. */
export function readDay(params: URLSearchParams, name: string): Date | null {
  const value = params.get(name) ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? null : day;
}

export function readText(params: URLSearchParams, name: string, max = 100): string {
  return (params.get(name) ?? "").trim().slice(0, max);
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
}
