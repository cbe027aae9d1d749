// RFC 9110 field syntax for the target's HTTP headers: one rule for the config's schema and the engine's channel.

/** A field name is a token. */
export const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The first control character but tab in a field value, or -1: a CR or LF in one would smuggle another header in. */
export function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return c;
  }
  return -1;
}

/** What a header value holds that it may not (`a line break`, `the control character 0x00`), or undefined. */
export function headerValueProblem(value: string): string | undefined {
  const control = firstControl(value);
  if (control < 0) return undefined;
  if (/[\r\n]/.test(value)) return "a line break";
  return `the control character 0x${control.toString(16).padStart(2, "0")}`;
}
