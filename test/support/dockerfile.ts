// Reads the Dockerfile's COPY sources, for the tests that check the image is built from what the package ships.

/** The sources of every COPY in a Dockerfile (the last word of each is its destination; flags are left out). */
export function copySources(text: string): string[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^COPY\s/i.test(line))
    .flatMap((line) => line.split(/\s+/).slice(1, -1))
    .filter((word) => !word.startsWith("--"));
}
