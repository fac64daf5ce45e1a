// Typed errors with stable codes. One handler (per entry point) logs the detail and tells the
// person something short and useful; nothing here carries a stack trace to a user.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'STORE_LOCKED'
  | 'STORE_DAMAGED'
  | 'STORE_TOO_NEW'
  | 'STORE_WRITE_FAILED'
  | 'SECRET_DAMAGED'
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'STALE_VERSION'
  | 'FORBIDDEN'
  | 'IMPORT_INVALID';

export class ForumError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A rule of the forum was broken by the input; `userMessage` says what to fix. */
export class ValidationError extends ForumError {
  constructor(readonly problems: string[]) {
    super('VALIDATION', problems.join('; '));
  }
}

export class NotFoundError extends ForumError {
  constructor(readonly kind: string, readonly id: string) {
    super('NOT_FOUND', `No ${kind} with id ${id}.`);
  }
}
