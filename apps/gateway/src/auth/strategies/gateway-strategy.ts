import { isPromise, MaybePromise } from '@portcullis/common';
import passport from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { WrongTokenKind } from '../access-token.verifier';
import { StrategyFailure } from './strategy-names';

/** A principal, or passport's "not mine" with the reason. */
export type Validated<P> = P | [false, StrategyFailure];

type Verified = (err: unknown, user?: unknown, info?: unknown) => void;

/**
 * The gateway's passport strategies: what `PassportStrategy(passport-custom Strategy, name)` of
 * @nestjs/passport does (register under `name` a strategy whose verify calls `validate`; an array
 * answer is passport's `fail` with its info) except that a `validate` that answers at once (a cached
 * token or key: every repeat request) reaches passport at once. The mixin awaits every answer, and on
 * Node 20 each promise of a request also runs the request context's promise hook; the hot path makes
 * none. Strategies of one's own (OIDC, SAML) still plug in through the mixin: AuthGuard runs any
 * strategy registered with passport by the name a route lists.
 */
export abstract class GatewayStrategy<P> extends CustomStrategy {
  protected constructor(name: string) {
    // `this` cannot be named before super(); the verify callback finds the strategy through `self`.
    const self: { strategy?: GatewayStrategy<P> } = {};
    super((request: unknown, done: Verified) => self.strategy!.verify(request, done));
    self.strategy = this;
    passport.use(name, this);
  }

  abstract validate(request: unknown): MaybePromise<Validated<P>>;

  private verify(request: unknown, done: Verified): void {
    let answer: MaybePromise<Validated<P>>;
    try {
      answer = this.validate(request);
    } catch (err) {
      return done(err);
    }
    if (isPromise(answer)) answer.then((validated) => report(validated, done), done);
    else report(answer, done);
  }
}

function report<P>(validated: Validated<P>, done: Verified): void {
  if (Array.isArray(validated)) done(null, false, validated[1]);
  else done(null, validated);
}

/**
 * The verification `verify` starts, with a well-signed token of the other kind turned into "not
 * mine" (another strategy of the route may take it), whether it is refused at once or later.
 */
export function unlessWrongKind<P>(verify: () => MaybePromise<P>): MaybePromise<Validated<P>> {
  const asFailure = (err: unknown): [false, StrategyFailure] => {
    if (err instanceof WrongTokenKind) return [false, { reason: 'wrong-kind', error: err }];
    throw err;
  };
  try {
    const principal = verify();
    return isPromise(principal) ? principal.catch(asFailure) : principal;
  } catch (err) {
    return asFailure(err);
  }
}
