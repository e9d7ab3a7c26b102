import formBody from '@fastify/formbody';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { ProblemError } from './problem';

/** Bodies are small JSON documents; anything bigger is refused (413) before it is parsed. */
export const JSON_BODY_LIMIT = 65_536;
/** The sandbox checkout page's forms carry nothing but the button. */
export const FORM_BODY_LIMIT = 4_096;

const malformed = () => new ProblemError(400, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON.');

/**
 * The body parsers, as Express's were:
 * - JSON up to 64 KB (routes may raise it: Fastify's per-route `bodyLimit` wins over the parser's), its raw
 *   bytes kept for Stripe's signature; an empty body is `{}` and a top-level value other than an object or
 *   an array is malformed (body-parser's strict mode). Prototype keys are parsed as plain keys, so that
 *   validation.ts refuses them with its own problem (and a batch refuses only the item carrying one).
 * - forms (the sandbox page) through @fastify/formbody, up to 4 KB;
 * - any other content type is left unread, the body undefined, as Express left it (validation then answers).
 */
export function registerBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('ignore', 'ignore');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: JSON_BODY_LIMIT }, (request, body, done) => {
    if (body.length === 0) return done(null, {});
    const text = body.toString('utf8');
    const first = text.trimStart()[0]; // any other leading whitespace the parser refuses anyway
    if (first !== '{' && first !== '[') return done(malformed(), undefined);
    parse(request, text, (error, value) => (error ? done(malformed(), undefined) : done(null, value)));
  });
  void app.register(formBody, { bodyLimit: FORM_BODY_LIMIT });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}
