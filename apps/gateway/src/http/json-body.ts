import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

/** Far deeper than any request body of this API (three levels at most), far shallower than a stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Depth of the deepest `[`/`{` nesting in a JSON text, stopping as soon as it passes `limit`. A scan
 * of the raw text, so a hostile body is refused before JSON.parse and class-transformer recurse
 * through it (20,000 levels overflowed the stack: a 500).
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  // Nesting needs an opening bracket per level: most bodies have too few to reach the limit, and
  // counting them is a native search instead of a loop over every character.
  if (!bracketsExceed(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function bracketsExceed(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) if (++count > limit) return true;
  }
  return false;
}

/** Fastify's own JSON parser (prototype-poisoning checks included), behind the depth check. */
export function registerDepthLimitedJsonParser(app: NestFastifyApplication, globalPrefix: string): void {
  // Nest adds its JSON and form parsers at init; have it add them now (as init would: same prefix),
  // so the JSON one can be replaced and init leaves ours alone.
  (app.getHttpAdapter() as unknown as FastifyAdapter).registerParserMiddleware(globalPrefix);
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      return done(
        new AppError(ErrorCode.VALIDATION_FAILED, `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`),
        undefined,
      );
    }
    void parse(request, body as string, done);
  });
}
