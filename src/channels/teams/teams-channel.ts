// The Teams channel: POST /api/messages on the restify server, handled by botbuilder's
// CloudAdapter. With no Microsoft credentials it serves local clients (Agents Playground, tests);
// with them, requests without a valid Bot Framework token are refused with 401 by the adapter.
import { AuthenticationConstants } from 'botframework-connector';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import restify, { type Server } from 'restify';
import type { Logger } from 'pino';
import { readFileSync } from 'node:fs';
import { ConfigError, type AppConfig } from '../../config/config.ts';
import { withRequestId } from '../../server/http-server.ts';
import type { ForumBot } from '../../bot/forum-bot.ts';
import { checkActivityEnvelope } from './activity-envelope.ts';
import { connectorClientOptions, isConnectorFailure } from './connector-http.ts';
import { guardedResponse } from './guarded-response.ts';
import { RecentActivityIds, repeatedDeliveryGuard } from './repeated-deliveries.ts';
import { TeamsCloudAdapter } from './teams-cloud-adapter.ts';
import type { ShortLivedCounts } from '../../store/short-lived.ts';
import { clientAddress, type TrustedProxies } from '../../server/client-address.ts';
import { teamsChannelMiddleware } from './teams-turn-channel.ts';

/** Bot Framework activities are small; a card submit with long notes is well under this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`MicrosoftAppCertificateKeyFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); expected the PEM private key of the app's certificate`]);
  }
}

/**
 * Overriding any one endpoint makes botbuilder drop all its public-cloud defaults, so they are
 * given in full here with only the signing-key location changed.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function authentication(config: AppConfig): ConfigurationBotFrameworkAuthentication {
  const ms = config.microsoft;
  const options: ConfigurationBotFrameworkAuthenticationOptions = ms
    ? {
        MicrosoftAppId: ms.appId,
        MicrosoftAppType: ms.appType,
        ...(ms.appPassword ? { MicrosoftAppPassword: ms.appPassword } : {}),
        ...(ms.tenantId ? { MicrosoftAppTenantId: ms.tenantId } : {}),
        ...(ms.certificate ? { CertificateThumbprint: ms.certificate.thumbprint, CertificatePrivateKey: readKeyFile(ms.certificate.keyFile) } : {}),
        ...(ms.openIdMetadataUrl ? publicCloudWithKeysFrom(ms.openIdMetadataUrl) : {}),
      }
    : {};
  return new ConfigurationBotFrameworkAuthentication(options, undefined, undefined, undefined, connectorClientOptions());
}

export function mountTeamsChannel(server: Server, config: AppConfig, bot: ForumBot, logger: Logger, shared: { counts: ShortLivedCounts; trustedProxies: TrustedProxies }): TeamsCloudAdapter {
  const log = logger.child({ part: 'teams' });
  const adapter = new TeamsCloudAdapter(authentication(config));
  adapter.use(repeatedDeliveryGuard(new RecentActivityIds(shared.counts, log), log));
  adapter.use(teamsChannelMiddleware(config.allowedTenants, log));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activity: context.activity.id, type: context.activity.type }, 'unhandled error in a Teams turn');
    // The answer could not be delivered: an apology would go the same failing way, and Teams,
    // answered 500, would send the activity again. Logged; the request ends cleanly.
    if (isConnectorFailure(error)) return;
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on my side and nothing was changed.');
    }
  };

  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false, rejectUnknown: true }),
    withRequestId(log, async (req, res) => {
      const envelope = checkActivityEnvelope(req.body);
      if (!envelope.ok) {
        res.send(400, { error: envelope.problem });
        return;
      }
      // Without a bearer token there is nothing to verify: refuse here, quietly, instead of letting
      // the adapter print a stack trace for every stray request.
      if (config.microsoft && !/^Bearer \S+$/i.test(req.headers.authorization ?? '')) {
        log.info({ ip: clientAddress(req, shared.trustedProxies) }, 'refused a request without a Bot Framework token');
        res.send(401, { error: 'Unauthorized: a Bot Framework token is required.' });
        return;
      }
      await adapter.process(req, guardedResponse(res, log), (context) => bot.run(context));
    }),
  );
  return adapter;
}
