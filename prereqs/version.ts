// Minimal semver reading for prerequisite checks: major/minor/patch out of any version banner.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export function parseVersion(text: string): Version | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: m[0] };
}

export function atLeast(version: Version, major: number, minor = 0): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}
