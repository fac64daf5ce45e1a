// The Adaptive Card -> Block Kit renderer: pure functions, no I/O. The Slack adapter renders a
// card as a message (renderMessage) or, for a form, as a modal (renderModal); reads a button's
// value (parseButtonValue, findShowCard) and a modal's submission (readSubmission) back into what
// Teams would have sent; and checks a submission against the card's rules (validateSubmission).
export { renderMessage, DEFAULT_OPEN_FORM_VALUE, type RenderMessageOptions } from './render-message.ts';
export { renderModal, type RenderModalOptions, type ModalMetadata } from './render-modal.ts';
export { readSubmission, viewStateSchema, type Submission } from './read-submission.ts';
export { validateSubmission } from './validate-submission.ts';
export { parseButtonValue, findShowCard, ACTION_ID_PREFIX, OPEN_FORM_ACTION_ID, type ButtonValue } from './render-actions.ts';
export { BlockKitError, type BlockKitErrorCode } from './errors.ts';
export { SLACK_LIMITS } from './block-kit-limits.ts';
export { cardMarkdownToMrkdwn, escapeMrkdwn, literalMrkdwn } from './mrkdwn.ts';
export type * from './block-kit-types.ts';
