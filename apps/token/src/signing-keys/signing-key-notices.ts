/**
 * Port: tells every gateway that the signing keys changed, once the change is committed. Best
 * effort: a gateway that misses it still reloads the keys on its own schedule.
 */
export abstract class SigningKeyNotices {
  abstract changed(kid: string): Promise<void>;
}
