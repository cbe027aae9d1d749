// The terminal control sequences the status line and the terminal block redraw with.

/** Control Sequence Introducer: every sequence below starts with it. */
export const csi = "\x1b[";
/** Moves the cursor one row up, to the line written before. */
export const cursorUpOneRow = `${csi}1A`;
/** Erases the whole line the cursor is on. */
export const eraseLine = `${csi}2K`;
/** Written before a line, makes it replace the line above (Output.err ends every line with a newline). */
export const rewritePreviousLine = `${cursorUpOneRow}${eraseLine}`;
