// Why the Slack channel could not start or connect, in words for /readyz and the log. Some of
// Slack's answers mean the configuration is wrong (a revoked token, a bot token where the app-level
// one belongs): asking again cannot help, so the channel says what to fix and stops asking. Any
// other failure (Slack down, a 5xx, a rate limit, no network) is worth retrying.

/** Slack's error codes that only a change of configuration (and a restart) can cure, with what they mean. */
const CONFIGURATION_ERRORS: Record<string, string> = {
  invalid_auth: 'the token is not valid (mistyped, revoked, or from another app)',
  not_authed: 'no token was sent',
  account_inactive: 'the token belongs to a deactivated workspace or user, or the app was uninstalled',
  not_allowed_token_type: 'the token is the wrong kind of token for this call',
  token_revoked: 'the token has been revoked',
  token_expired: 'the token has expired',
  team_disabled: 'the workspace has been disabled',
  user_removed_from_team: 'the token\'s user was removed from the workspace',
};

/** What each setting should hold, said when Slack refuses it. */
const SETTING_HINTS = {
  SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN must be the app\'s Bot User OAuth Token (xoxb-...) from OAuth & Permissions',
  SLACK_APP_TOKEN: 'SLACK_APP_TOKEN must be an app-level token (xapp-...) with the connections:write scope, from Basic Information',
} as const;
export type SlackTokenSetting = keyof typeof SETTING_HINTS;

export type StartFailure =
  | { kind: 'configuration'; code: string; detail: string }
  | { kind: 'transient'; detail: string; retryAfterMs?: number };

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

/** Slack's `error` code of a refused call (`{ ok: false, error }`), wherever the client put it. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = field(error, 'data');
  const code = field(data, 'error');
  if (typeof code === 'string') return code;
  const original = field(error, 'original');
  return original && original !== error ? slackErrorCode(original) : undefined;
}

export function describeStartFailure(error: unknown, setting: SlackTokenSetting): StartFailure {
  const code = slackErrorCode(error);
  const meaning = code ? CONFIGURATION_ERRORS[code] : undefined;
  if (code && meaning) {
    return { kind: 'configuration', code, detail: `Slack refused ${setting} (${code}): ${meaning}. ${SETTING_HINTS[setting]}. Fix it and restart the bot; it will not try again until then` };
  }
  const message = error instanceof Error ? error.message : 'error';
  // The Web API client's code for a rate limit (@slack/web-api ErrorCode.RateLimitedError).
  const retryAfter = field(error, 'code') === 'slack_webapi_rate_limited_error' ? field(error, 'retryAfter') : undefined;
  return { kind: 'transient', detail: code ?? message, ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}
