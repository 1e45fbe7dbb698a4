/** Progress lines go to stderr, so stdout holds only the results table. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Playwright appends a call log; the first lines say what went wrong.
  return message.split('\n').slice(0, 3).join(' ').trim();
}
