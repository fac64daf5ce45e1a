// Social-media accounts: profile and post links on the big platforms (facebook.com/someone,
// x.com/..., tiktok.com/@...), and handles: "@rvtruth_88", "@someone on Twitter", "Snapchat
// username jay_k07". A bare "@" word with nothing that marks it as an account is left alone, so
// "@ the park", "meet @7pm", "@everyone" and a Slack <@U123> mention do not raise an alarm.
import { matches, type Match } from './match.ts';

const PLATFORM_HOSTS = [
  'facebook\\.com', 'fb\\.com', 'fb\\.me', 'instagram\\.com', 'instagr\\.am', 'twitter\\.com', 'x\\.com', 'tiktok\\.com',
  'snapchat\\.com', 'youtube\\.com', 'youtu\\.be', 'linkedin\\.com', 'threads\\.net', 'threads\\.com', 't\\.me', 'telegram\\.me',
  'reddit\\.com', 'pinterest\\.(?:com|co\\.uk)', 'twitch\\.tv', 'bsky\\.app', 'tumblr\\.com', 'vk\\.com', 'kick\\.com',
  'truthsocial\\.com', 'gab\\.com', 'gettr\\.com', 'rumble\\.com', 'onlyfans\\.com', 'discord\\.gg', 'wa\\.me', 'whatsapp\\.com',
];
// A link with a path: "facebook.com" alone names the platform, not an account.
const PROFILE_LINK = new RegExp(
  String.raw`(?<![\w.@/-])(?:https?://)?(?:[a-z]{1,6}\.)?(?:${PLATFORM_HOSTS.join('|')})/[^\s<>"'()\[\]]+`,
  'gi',
);

// Words that name a platform or an account: before a handle-like word they mark it as one.
const PLATFORM_WORDS = String.raw`facebook|fb|insta(?:gram)?|ig|twitter|tweet(?:s|ed)?|tiktok|tik\s?tok|snapchat|snap|telegram|youtube|threads|bluesky|linkedin|reddit|twitch|discord|kick|account|handle|user\s?name|profile`;
// Near an "@name", these and the words of posting and following mark it as an account.
const PLATFORM_CONTEXT = new RegExp(
  String.raw`\b(?:${PLATFORM_WORDS}|post(?:s|ed|ing)?|re(?:posted|tweeted)|follow(?:s|ed|ing|ers)?|tagged|dm(?:s|ed)?|messaged|online|channel|video|live)\b|\bon X\b|\bX \(`,
  'i',
);

const AT_HANDLE = /(?<![\w.@<&])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])/g;
const BROADCAST_MENTIONS = new Set(['here', 'channel', 'everyone', 'all']);
// "@" before an everyday word is shorthand for "at": "@ the park", "@home", "@school".
const EVERYDAY_WORDS = new Set('the a an my ur your our his her their home school work park shop shops church mosque night noon lunch dinner tea'.split(' '));
// "Snapchat username jayk_0707", "his insta is kay.b.rmbx", "Insta kay.b.99": a platform, perhaps a
// few words, then a handle-like word.
const NAMED_HANDLE = new RegExp(
  String.raw`\b(?:${PLATFORM_WORDS})\b(?:[^.!?\n@]{0,25}?\b(?:username|user\s?name|name|handle|account|id|is|as)\b\s*:?|\s*:|)\s*['"“]?([A-Za-z][A-Za-z0-9_.]{1,28}[A-Za-z0-9_])`,
  'gi',
);

/** Looks like an account name rather than a word: has a digit, an underscore or an inner dot. */
function handleLike(name: string): boolean {
  if (/^\d+$/.test(name) || /^\d{1,2}(?:[:.]\d{2})?(?:am|pm)?$/i.test(name)) return false; // @7pm, @10.30
  return /[\d_]/.test(name) || /[A-Za-z]\.[A-Za-z]/.test(name);
}

/** The words either side of a match, within its sentence, for looking for a platform word. */
function sentenceAround(text: string, start: number, end: number): string {
  const head = text.slice(Math.max(0, start - 40), start).split(/[.!?\n]\s/).at(-1) ?? '';
  const tail = text.slice(end, end + 40).split(/[.!?\n](?:\s|$)/)[0] ?? '';
  return `${head} ${tail}`;
}

export function findSocialMedia(text: string): Match[] {
  const found: Match[] = [];
  for (const m of matches(PROFILE_LINK, text)) found.push({ index: m.index, text: m[0].replace(/[.,;:!?]+$/, '') });
  for (const m of matches(AT_HANDLE, text)) {
    const name = m[1] ?? '';
    if (BROADCAST_MENTIONS.has(name.toLowerCase()) || EVERYDAY_WORDS.has(name.toLowerCase())) continue;
    // "@Stronger Communities": a chat mention of a display name (two words), not an account.
    if (!handleLike(name) && /^\s[A-Z]/.test(text.slice(m.index + m[0].length))) continue;
    const context = sentenceAround(text, m.index, m.index + m[0].length);
    if (handleLike(name) || (/[A-Za-z]/.test(name) && PLATFORM_CONTEXT.test(context))) found.push({ index: m.index, text: m[0] });
  }
  for (const m of matches(NAMED_HANDLE, text)) {
    const name = m[1] ?? '';
    if (handleLike(name) && !/@/.test(name)) found.push({ index: m.index + m[0].length - name.length, text: name });
  }
  return found;
}
