// The message body: the target's template with `{{id}}` and `{{sentAt}}` filled in, compiled once, concatenated per message.
const placeholder = /\{\{\s*(id|sentAt)\s*\}\}/g;

export const defaultBodyTemplate = '{"id":"{{id}}","sentAt":{{sentAt}}}';

/**
 * Where a renderer leaves what a message carries besides its body: its own HTTP header lines ("name: value\r\n"
 * each, checked), or "" (a template, or a payload function that returns a body only). One object per shard for life.
 */
export class RenderOut {
  headers = "";
}

/** The body of a message; a payload renderer also sets `out.headers`. Throws only for a payload that went wrong. */
export type RenderBody = (id: string, sentAt: number, out?: RenderOut) => string;

/**
 * Compiled once per template and reused, so the warm-up and the run call the same function (the hot-path rule,
 * loadtests/engine/README.md). A process holds a handful of templates, at most.
 */
const compiled = new Map<string, RenderBody>();

export function compileBodyTemplate(template: string): RenderBody {
  let render = compiled.get(template);
  if (render === undefined) {
    render = compile(template);
    compiled.set(template, render);
  }
  return render;
}

function compile(template: string): RenderBody {
  const literals: string[] = [];
  const slots: Array<"id" | "sentAt"> = [];
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    literals.push(template.slice(last, match.index));
    slots.push(match[1] as "id" | "sentAt");
    last = match.index + match[0].length;
  }
  literals.push(template.slice(last));
  // The common shape (id then sentAt) gets a closure with no loop: this runs once per message.
  if (slots.length === 2 && slots[0] === "id" && slots[1] === "sentAt") {
    const [a, b, c] = literals as [string, string, string];
    return (id, sentAt) => a + id + b + sentAt + c;
  }
  return (id, sentAt) => {
    let out = literals[0] as string;
    for (let i = 0; i < slots.length; i++) out += (slots[i] === "id" ? id : String(sentAt)) + literals[i + 1];
    return out;
  };
}
