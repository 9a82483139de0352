import { describe, expect, it } from "vitest";
import { readCsvUpload } from "~/lib/csv-upload.server";

function formWith(file?: File): FormData {
  const form = new FormData();
  if (file) form.set("file", file);
  return form;
}

describe("a CSV chosen in an import form", () => {
  it("is read as text", async () => {
    expect(await readCsvUpload(formWith(new File(["sku,name\nA-1,Widget\n"], "p.csv")))).toEqual({ ok: true, text: "sku,name\nA-1,Widget\n" });
  });

  it("is asked for when no file or an empty one was chosen", async () => {
    expect(await readCsvUpload(formWith())).toEqual({ ok: false, error: "errors.fileRequired" });
    expect(await readCsvUpload(formWith(new File([], "empty.csv")))).toEqual({ ok: false, error: "errors.fileRequired" });
  });

  it("is refused past the page's limit", async () => {
    expect(await readCsvUpload(formWith(new File(["x".repeat(11)], "big.csv")), "file", 10)).toEqual({ ok: false, error: "errors.tooLarge" });
  });
});
