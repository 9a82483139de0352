// A small CSV chosen in a form's file field (targets, allocations, leads, products): read as
// text once checked to be there and not too large, so every import page answers the same two
// mistakes with the same messages.
export const SMALL_CSV_BYTES = 5 * 1024 * 1024;

export type CsvUpload = { ok: true; text: string } | { ok: false; error: "errors.fileRequired" | "errors.tooLarge" };

export async function readCsvUpload(formData: FormData, name = "file", maxBytes = SMALL_CSV_BYTES): Promise<CsvUpload> {
  const file = formData.get(name);
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "errors.fileRequired" };
  if (file.size > maxBytes) return { ok: false, error: "errors.tooLarge" };
  return { ok: true, text: await file.text() };
}
