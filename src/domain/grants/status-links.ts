// What the bot needs to give a group a new private status link: a fresh token, its store id (an
// HMAC, the token itself is never stored) and the page address. The web layer implements it.
export interface StatusLinkMinter {
  mint(): { token: string; id: string; url: string };
}
