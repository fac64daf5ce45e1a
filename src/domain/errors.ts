// Typed errors with stable codes. One handler (per entry point) logs the detail and tells the
// person something short and useful; nothing here carries a stack trace to a user.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'STORE_LOCKED'
  | 'STORE_DAMAGED'
  | 'STORE_TOO_NEW'
  | 'STORE_KEY'
  | 'STORE_NOT_EMPTY'
  | 'STORE_WRITE_FAILED'
  | 'SECRET_DAMAGED'
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'STALE_VERSION'
  | 'FORBIDDEN'
  | 'IMPORT_INVALID'
  | 'OVER_BUDGET'
  | 'CONFLICT_OF_INTEREST';

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

/** One problem with one field of a form, so a dialog or modal can show it beside the field. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A rule of the forum was broken by the input; `problems` say what to fix, `fields` where. */
export class ValidationError extends ForumError {
  constructor(readonly problems: string[], readonly fields: readonly FieldProblem[] = []) {
    super('VALIDATION', problems.join('; '));
  }

  static ofFields(fields: readonly FieldProblem[]): ValidationError {
    return new ValidationError([...new Set(fields.map((f) => f.message))], fields);
  }
}

export class NotFoundError extends ForumError {
  constructor(readonly kind: string, readonly id: string) {
    super('NOT_FOUND', `No ${kind} with id ${id}.`);
  }
}
