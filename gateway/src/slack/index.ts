import { type Identity, InternalRouteClient, type Logger, systemActor } from '@switchyard/server-kit';
import express, { type Express, type Request, type Response } from 'express';
import { anonymous } from '../auth/authenticator';

/** Slack sends a few hundred bytes; anything much larger is not a slash command. */
const BODY_LIMIT = '32kb';

const gatewayIdentity: Identity = { ...systemActor, name: 'gateway (Slack)', permissions: [] };

export interface SlackCommandOptions {
  flagsUrl: string;
  internalSecret: string;
  timeoutMs: number;
  logger: Logger;
  rateLimit: (identity: Identity, req: Request) => Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/**
 * `POST /slack/commands/:integrationId`: the request URL of a Slack app's /switchyard slash command.
 * The raw form body and Slack's signature headers go to the flags subgraph (which holds the signing
 * secret and runs the command as the linked user); its answer is what Slack shows.
 */
export function mountSlackCommands(app: Express, opts: SlackCommandOptions): void {
  const flags = new InternalRouteClient(opts.flagsUrl, 'slackCommand', opts.internalSecret, opts.timeoutMs);
  app.post(
    '/slack/commands/:integrationId',
    // Raw text: the signature covers the body exactly as Slack sent it.
    express.text({ type: 'application/x-www-form-urlencoded', limit: BODY_LIMIT }),
    async (req: Request, res: Response) => {
      try {
        const decision = await opts.rateLimit(anonymous, req);
        if (!decision.allowed) {
          res.setHeader('retry-after', String(decision.retryAfterSeconds));
          res.status(429).json({ response_type: 'ephemeral', text: 'Too many commands: try again shortly.' });
          return;
        }
        const reply = await flags.call(
          {
            integrationId: req.params.integrationId,
            body: typeof req.body === 'string' ? req.body : '',
            timestamp: req.headers['x-slack-request-timestamp'] ?? null,
            signature: req.headers['x-slack-signature'] ?? null,
          },
          {
            identity: gatewayIdentity,
            requestId: String(res.locals.requestId ?? ''),
            ip: null,
            userAgent: req.headers['user-agent'] ?? null,
          },
        );
        if ('error' in reply) {
          opts.logger.warn({ error: reply.error.message }, 'slack command failed');
          res
            .status(200)
            .json({ response_type: 'ephemeral', text: 'Switchyard could not run the command now.' });
          return;
        }
        const { status, reply: message } = reply.data as { status: number; reply: unknown };
        res.status(status).json(message);
      } catch (err) {
        opts.logger.warn({ err: (err as Error).message }, 'slack command failed');
        res
          .status(200)
          .json({ response_type: 'ephemeral', text: 'Switchyard could not run the command now.' });
      }
    },
  );
}
