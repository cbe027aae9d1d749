// A small YAML emitter for manifests: maps, lists and scalars; strings double-quoted (JSON strings are valid YAML).

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export function toYaml(value: YamlValue, indent = 0): string {
  return `${emit(value, indent).replace(/^\n/, "")}\n`;
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

function emit(value: YamlValue, indent: number): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return " []";
    return value
      .map((item) => {
        if (item !== null && typeof item === "object") {
          const body = emit(item, indent + 2).replace(/^\n/, "");
          return `\n${pad}- ${body.slice(indent + 2)}`;
        }
        return `\n${pad}- ${scalar(item)}`;
      })
      .join("");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return " {}";
    return entries
      .map(([key, item]) => {
        const name = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
        if (item !== null && typeof item === "object") return `\n${pad}${name}:${emit(item, indent + 2)}`;
        return `\n${pad}${name}: ${scalar(item)}`;
      })
      .join("");
  }
  return ` ${scalar(value)}`;
}
