/** The answer of a reader of untrusted input: a value, or what is wrong in words a user understands. */
export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

export const fail = <T>(message: string): Result<T> => ({ ok: false, message });
export const succeed = <T>(value: T): Result<T> => ({ ok: true, value });
