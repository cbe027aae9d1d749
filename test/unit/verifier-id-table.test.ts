// IdTable: compact storage must behave exactly like a Map<string, byte> whatever the ID looks like.
import { describe, expect, it } from "vitest";
import { IdTable, idNumber, pageSize } from "../../verifier/id-table.ts";
import { mergeCountTable, tableTransfer } from "../../verifier/sources/table-transfer.ts";

describe("idNumber", () => {
  it.each([
    ["run-s-0", 0],
    ["run-s-42", 42],
    ["run-s-2147483647", 2147483647],
    ["run-s-2147483648", -1], // past the paged range: kept in the fallback map
    ["run-s-007", -1], // a leading zero would not round-trip through `${prefix}-${n}`
    ["run-s-", -1],
    ["run-s-1a", -1],
    ["nodash", -1],
  ])("%s -> %i", (id, n) => {
    expect(idNumber(id, id.lastIndexOf("-"))).toBe(n);
  });
});

describe("IdTable", () => {
  it("keeps bytes and words per ID across prefixes, pages and odd IDs, like a Map would", () => {
    const table = new IdTable({ words: true });
    const ids = ["r-a-0", "r-a-1", `r-a-${pageSize * 3 + 7}`, "r-b-1", "r-a-007", "odd", "r-a-1"];
    const model = new Map<string, number>();
    for (const id of ids) {
      table.addByte(id, 1);
      model.set(id, (model.get(id) ?? 0) + 1);
    }
    for (const id of [...ids, "r-a-2", "r-c-1", "other"]) expect(table.getByte(id), id).toBe(model.get(id) ?? 0);
    expect([...table.entries()].sort()).toEqual([...model.entries()].sort());
    expect(table.others.size).toBe(2);
    expect(table.columns.get("r-a")?.bytes.filter((p) => p !== undefined).length).toBe(2);
  });

  it("claim sets only the first time and returns what was there", () => {
    const table = new IdTable({ words: true });
    expect(table.claim("r-s-5", 1, 100)).toBe(0);
    expect(table.claim("r-s-5", 2, 200)).toBe(1);
    expect([table.getByte("r-s-5"), table.getWord("r-s-5")]).toEqual([1, 100]);
    expect(table.claim("x", 3, 9)).toBe(0);
    expect([table.getByte("x"), table.getWord("x")]).toEqual([3, 9]);
  });

  it("saturates at 255 instead of wrapping to 0", () => {
    const table = new IdTable();
    for (let i = 0; i < 300; i++) table.addByte("r-s-1", 1);
    expect(table.getByte("r-s-1")).toBe(255);
  });
});

describe("mergeCountTable", () => {
  it("adds counts across threads, saturating at 255, adopting pages and other IDs", () => {
    const a = new IdTable();
    const b = new IdTable();
    a.addByte("r-s-1", 1);
    a.addByte("r-s-2", 200);
    a.addByte("odd id", 1);
    b.addByte("r-s-2", 100);
    b.addByte("r-s-3", 1);
    b.addByte(`r-s-${pageSize * 3}`, 2);
    b.addByte("odd id", 2);
    b.addByte("r-t-0", 1);
    mergeCountTable(a, tableTransfer(b).data);
    expect([...a.entries()]).toEqual([
      ["r-s-1", 1],
      ["r-s-2", 255],
      ["r-s-3", 1],
      [`r-s-${pageSize * 3}`, 2],
      ["r-t-0", 1],
      ["odd id", 3],
    ]);
  });
});
