// HTML escaping by construction: the `html` template escapes every interpolated value unless it is already SafeHtml.

export class SafeHtml {
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] as string);
}

type Part = SafeHtml | string | number | boolean | null | undefined | ReadonlyArray<Part>;

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** Tagged template: literal parts are trusted markup, every `${value}` is escaped (arrays are rendered in order). */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Markup built by our own code (SVG path data, numbers formatted by us); never for target strings. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
