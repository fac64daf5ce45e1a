// The one place an error becomes words for a person: what was wrong with their input, or that
// something failed on our side, and whether anything was saved before it did. Details go to the log, never to the chat.
import type { Logger } from 'pino';
import { ForumError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { textReply, type Reply } from './turn.ts';
import { inert } from './inert-text.ts';

export function replyForError(error: unknown, logger: Logger, reference: string | undefined, committed = 0): Reply {
  if (committed > 0) {
    // Something was saved before the failure: saying "nothing was changed" would be untrue.
    logger.error({ err: error, reference, committed }, 'turn failed after saving');
    return textReply(
      `Your change was saved, but something went wrong on my side before I could show the result. Look again (for example with \`milestones\` or \`meetings\`) before you repeat it.${reference ? ` (reference ${reference.slice(0, 40)})` : ''}`,
    );
  }
  if (error instanceof NotFoundError) {
    logger.info({ code: error.code, kind: error.kind }, 'not found');
    const id = error.id.length > 40 ? `${error.id.slice(0, 37)}...` : error.id;
    return textReply(`I cannot find a ${error.kind} called "${inert(id)}". Type \`milestones\` to find it by words, owner or theme.`);
  }
  if (error instanceof ValidationError) {
    logger.info({ code: error.code }, 'input refused');
    return textReply(`Not saved: ${error.problems.join(' ')}`);
  }
  if (error instanceof ForumError && error.code === 'FORBIDDEN') {
    logger.info({ code: error.code }, 'refused');
    return textReply(error.message);
  }
  logger.error({ err: error, reference }, 'turn failed');
  const saving = error instanceof ForumError && error.code === 'STORE_WRITE_FAILED';
  return textReply(
    saving
      ? 'Sorry: I could not save that, so nothing was changed. Please try again in a minute; if it keeps happening, tell the forum coordinator.'
      : `Sorry, something went wrong on my side and nothing was changed.${reference ? ` (reference ${reference.slice(0, 40)})` : ''}`,
  );
}
