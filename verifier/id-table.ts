// Compact per-ID storage for 10M+ message IDs: `<prefix>-<n>` IDs live in paged typed arrays indexed by n, others in a Map.
//
// Why not a Set<string>: 10M ID strings cost ~1 GB of heap and a hash per lookup; a byte per ID in 64K-entry pages
// costs 10 MB, and consecutive IDs share a prefix, so the common lookup is a startsWith plus an integer parse.

export const pageBits = 16;
export const pageSize = 1 << pageBits;
const pageMask = pageSize - 1;
/** Largest n kept in pages; bigger numbers go to the fallback map (no ID scheme of ours gets there). */
const maxPagedN = 2 ** 31 - 1;

/** One prefix's pages: a byte per ID, and optionally a 32-bit word per ID (e.g. the send second). */
export interface PrefixColumn {
  readonly prefix: string;
  readonly bytes: Array<Uint8Array | undefined>;
  readonly words: Array<Uint32Array | undefined> | undefined;
}

interface Other {
  byte: number;
  word: number;
}

/** The numeric tail of an ID, or -1 when the ID does not end in `-<decimal without leading zero>`. */
export function idNumber(id: string, dash: number): number {
  if (dash < 1) return -1;
  return digitsAt(id, dash + 1, id.length);
}

/** text[from, to) as a decimal without leading zero that fits the pages, else -1. */
function digitsAt(text: string, from: number, to: number): number {
  const len = to - from;
  if (len < 1 || len > 10 || (len > 1 && text.charCodeAt(from) === 48)) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= maxPagedN ? n : -1;
}

export class IdTable {
  readonly withWords: boolean;
  readonly columns = new Map<string, PrefixColumn>();
  /** IDs that do not fit `<prefix>-<n>`: kept exactly, just less compactly. */
  readonly others = new Map<string, Other>();
  private lastColumn: PrefixColumn | undefined;
  private lastPrefix = "";
  // Result of the last locate(): the column and slot, or column undefined for the fallback map.
  private col: PrefixColumn | undefined;
  private n = 0;

  constructor(options: { words?: boolean } = {}) {
    this.withWords = options.words === true;
  }

  /** Byte stored for an ID (0 when never set). */
  getByte(id: string): number {
    if (!this.locate(id, false)) return this.others.get(id)?.byte ?? 0;
    const col = this.col as PrefixColumn;
    return col.bytes[this.n >>> pageBits]?.[this.n & pageMask] ?? 0;
  }

  getWord(id: string): number {
    if (!this.locate(id, false)) return this.others.get(id)?.word ?? 0;
    const col = this.col as PrefixColumn;
    return col.words?.[this.n >>> pageBits]?.[this.n & pageMask] ?? 0;
  }

  /** Adds to an ID's byte, saturating at 255; returns the previous value. */
  addByte(id: string, delta: number): number {
    if (!this.locate(id, true)) {
      const other = this.otherEntry(id);
      const before = other.byte;
      other.byte = Math.min(255, before + delta);
      return before;
    }
    const page = this.bytePage();
    const slot = this.n & pageMask;
    const before = page[slot] as number;
    page[slot] = Math.min(255, before + delta);
    return before;
  }

  /** Ors bits into an ID's byte; returns the previous value. */
  orByte(id: string, bits: number): number {
    if (!this.locate(id, true)) {
      const other = this.otherEntry(id);
      const before = other.byte;
      other.byte = before | bits;
      return before;
    }
    const page = this.bytePage();
    const slot = this.n & pageMask;
    const before = page[slot] as number;
    page[slot] = before | bits;
    return before;
  }

  /** Sets byte and word when the ID's byte is still 0; returns the previous byte (the ledger's hot path: one lookup). */
  claim(id: string, byte: number, word: number): number {
    if (this.locate(id, true)) return this.claimHere(byte, word);
    const other = this.otherEntry(id);
    const before = other.byte;
    if (before === 0) {
      other.byte = byte;
      other.word = word;
    }
    return before;
  }

  /** The column of a prefix, created on demand: lets a byte-level parser claim slots without building ID strings. */
  column(prefix: string): PrefixColumn {
    let col = this.columns.get(prefix);
    if (col === undefined) {
      col = { prefix, bytes: [], words: this.withWords ? [] : undefined };
      this.columns.set(prefix, col);
    }
    return col;
  }

  /** claim() by column and slot. */
  claimSlot(col: PrefixColumn, n: number, byte: number, word: number): number {
    this.col = col;
    this.n = n;
    return this.claimHere(byte, word);
  }

  private claimHere(byte: number, word: number): number {
    const page = this.bytePage();
    const slot = this.n & pageMask;
    const before = page[slot] as number;
    if (before !== 0) return before;
    page[slot] = byte;
    if (this.withWords) {
      const words = (this.col as PrefixColumn).words as Array<Uint32Array | undefined>;
      const p = this.n >>> pageBits;
      let wordPage = words[p];
      if (wordPage === undefined) {
        wordPage = new Uint32Array(pageSize);
        words[p] = wordPage;
      }
      wordPage[slot] = word;
    }
    return before;
  }

  setWord(id: string, word: number): void {
    if (!this.withWords) throw new Error("this IdTable keeps no words");
    if (!this.locate(id, true)) {
      this.otherEntry(id).word = word;
      return;
    }
    const words = (this.col as PrefixColumn).words as Array<Uint32Array | undefined>;
    const p = this.n >>> pageBits;
    let page = words[p];
    if (page === undefined) {
      page = new Uint32Array(pageSize);
      words[p] = page;
    }
    page[this.n & pageMask] = word;
  }

  /** Every ID with a non-zero byte, in prefix then numeric order, then the others. */
  *entries(): Generator<[id: string, byte: number]> {
    for (const col of this.columns.values()) {
      for (let p = 0; p < col.bytes.length; p++) {
        const page = col.bytes[p];
        if (page === undefined) continue;
        for (let i = 0; i < pageSize; i++) {
          const b = page[i] as number;
          if (b !== 0) yield [`${col.prefix}-${p * pageSize + i}`, b];
        }
      }
    }
    for (const [id, other] of this.others) if (other.byte !== 0) yield [id, other.byte];
  }

  private bytePage(): Uint8Array {
    const col = this.col as PrefixColumn;
    const p = this.n >>> pageBits;
    let page = col.bytes[p];
    if (page === undefined) {
      page = new Uint8Array(pageSize);
      col.bytes[p] = page;
    }
    return page;
  }

  private otherEntry(id: string): Other {
    let other = this.others.get(id);
    if (other === undefined) {
      other = { byte: 0, word: 0 };
      this.others.set(id, other);
    }
    return other;
  }

  /** Points col/n at the ID's slot; false when the ID belongs in the fallback map (or is absent and create is false). */
  private locate(id: string, create: boolean): boolean {
    const last = this.lastPrefix;
    const lastLen = last.length;
    if (lastLen > 0 && id.length > lastLen + 1 && id.charCodeAt(lastLen) === 45 && id.startsWith(last)) {
      const n = digitsAt(id, lastLen + 1, id.length);
      if (n >= 0) {
        this.col = this.lastColumn;
        this.n = n;
        return true;
      }
    }
    const dash = id.lastIndexOf("-");
    const n = idNumber(id, dash);
    if (n < 0) return false;
    const prefix = id.slice(0, dash);
    let col = this.columns.get(prefix);
    if (col === undefined) {
      if (!create) {
        this.col = undefined;
        return false;
      }
      col = this.column(prefix);
    }
    this.lastPrefix = prefix;
    this.lastColumn = col;
    this.col = col;
    this.n = n;
    return true;
  }
}

/** Byte at slot n of a column (0 when its page was never written). */
export function columnByte(col: PrefixColumn | undefined, n: number): number {
  return col?.bytes[n >>> pageBits]?.[n & pageMask] ?? 0;
}
