// Failures the renderer cannot turn into a visible note: the caller gave it something Slack would
// refuse whatever the card says (too much private metadata, a callback id over 255 characters),
// or Slack sent back a submission this renderer did not make.
export type BlockKitErrorCode = 'private_metadata_too_long' | 'callback_id_too_long' | 'unreadable_submission';

export class BlockKitError extends Error {
  override readonly name = 'BlockKitError';
  constructor(
    readonly code: BlockKitErrorCode,
    message: string,
  ) {
    super(message);
  }
}
