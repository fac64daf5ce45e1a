// Links and tokens, one module: issuing a link (per-person, per-purpose limits; the same live link
// again where the purpose allows), opening one (a single-use link is used up in the same
// transaction that finds it), revoking, and sweeping expired ones in small batches. Kept in the
// store, so a link outlives a restart and works on any instance that shares the store and secret.
import type { Link, LinkPurpose } from '../domain/model.ts';
import type { ChangeContext, Repository, Transaction } from '../store/repository.ts';
import { LINK_POLICIES, SWEEP_BATCH } from './link-policies.ts';
import { mintToken, TOKEN_PATTERN, type LinkKeys } from './link-tokens.ts';

export interface LinkRequest {
  purpose: LinkPurpose;
  /** Who asks: a forum person's id, or the account of someone not registered. */
  holder: string;
  subject: string;
  /** When the link stops being useful (a meeting's end); the purpose's lifetime caps it. */
  until?: Date;
}

export interface IssuedLink {
  url: string;
  expiresAt: string;
  /** The holder's live link for the same subject, given again. */
  reused: boolean;
}

export interface LinkFilter {
  purpose: LinkPurpose;
  subject?: string;
  holder?: string;
}

/** The audit's actor for what a link's holder does with it (a person, or an account the forum does not know). */
export function holderActor(holder: string): ChangeContext['actor'] {
  return /^(teams|slack):/.test(holder) ? { name: 'download link holder', account: holder } : { name: 'download link holder', personId: holder };
}

const isLive = (link: Readonly<Link>, now: number) => Date.parse(link.expiresAt) > now;

/** Deletes at most SWEEP_BATCH expired links; returns how many. */
export function sweepExpired(tx: Transaction): number {
  const now = Date.parse(tx.now);
  const expired = tx.all('links').filter((link) => !isLive(link, now)).slice(0, SWEEP_BATCH);
  for (const link of expired) tx.delete('links', link.id, { action: 'link.expire', detail: { purpose: link.purpose } });
  return expired.length;
}

/** Revokes (deletes) the links that match, inside the caller's transaction (e.g. a cancelled meeting's); returns how many. */
export function revokeLinks(tx: Transaction, filter: LinkFilter): number {
  const matching = tx.all('links').filter((l) => l.purpose === filter.purpose && (filter.subject === undefined || l.subject === filter.subject) && (filter.holder === undefined || l.holder === filter.holder));
  for (const link of matching) tx.delete('links', link.id, { action: 'link.revoke', detail: { purpose: link.purpose } });
  return matching.length;
}

export class Links {
  constructor(
    private readonly store: Repository,
    private readonly keys: LinkKeys,
    /** Read when a link is made: the public address people's browsers reach the bot at. */
    private readonly baseUrl: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(ctx: ChangeContext, request: LinkRequest): Promise<IssuedLink> {
    const policy = LINK_POLICIES[request.purpose];
    const issued = await this.store.transact(ctx, (tx) => {
      const now = Date.parse(tx.now);
      const expiresAt = new Date(Math.min(now + policy.lifetimeMs, request.until?.getTime() ?? Number.POSITIVE_INFINITY));
      if (expiresAt.getTime() <= now) throw new Error(`a ${request.purpose} link would expire before it is issued`);
      sweepExpired(tx);
      const live = tx.all('links').filter((l) => l.purpose === request.purpose && l.holder === request.holder && isLive(l, now));
      const same = policy.reuse ? live.find((l) => l.subject === request.subject && l.reissue !== undefined) : undefined;
      if (same?.reissue) {
        // The meeting may have moved: the link follows it.
        if (same.expiresAt !== expiresAt.toISOString()) tx.put('links', { ...same, expiresAt: expiresAt.toISOString() }, { action: 'link.extend', detail: { purpose: same.purpose } });
        return { token: this.keys.tokenOfSeed(same.reissue), expiresAt: expiresAt.toISOString(), reused: true };
      }
      const oldestFirst = [...live].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
      for (const old of oldestFirst.slice(0, Math.max(0, live.length + 1 - policy.maxLivePerHolder))) {
        tx.delete('links', old.id, { action: 'link.retire', detail: { purpose: old.purpose } });
      }
      const minted = mintToken(this.keys, policy.reuse);
      const link: Link = {
        id: this.keys.lookupId(minted.token),
        purpose: request.purpose,
        holder: request.holder,
        subject: request.subject,
        issuedVia: ctx.via,
        issuedAt: tx.now,
        expiresAt: expiresAt.toISOString(),
        singleUse: policy.singleUse,
        ...(minted.seed ? { reissue: minted.seed } : {}),
      };
      tx.put('links', link, { action: 'link.issue', detail: { purpose: link.purpose } });
      return { token: minted.token, expiresAt: link.expiresAt, reused: false };
    });
    return { url: `${this.baseUrl().replace(/\/$/, '')}/downloads/${issued.token}`, expiresAt: issued.expiresAt, reused: issued.reused };
  }

  /**
   * The link `token` opens now, or undefined: unknown, expired, revoked and used up all look the
   * same. A single-use link is used up by this call, in the transaction that finds it.
   */
  async open(token: string): Promise<Readonly<Link> | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const id = this.keys.lookupId(token);
    const found = this.store.get('links', id);
    if (!found || !isLive(found, this.now().getTime())) return undefined;
    if (!found.singleUse) return found;
    return this.store.transact({ actor: holderActor(found.holder), via: found.issuedVia }, (tx) => {
      const current = tx.get('links', id);
      if (!current || !isLive(current, Date.parse(tx.now))) return undefined;
      tx.delete('links', id, { action: 'link.use', detail: { purpose: current.purpose } });
      return current;
    });
  }

  async revoke(ctx: ChangeContext, filter: LinkFilter): Promise<number> {
    return this.store.transact(ctx, (tx) => revokeLinks(tx, filter));
  }
}
