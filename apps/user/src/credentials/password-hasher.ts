export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;

  /**
   * Whether `password` matches `hash`. With no hash (no such user) it still does the full
   * comparison, against a dummy, so an unknown email costs as much time as a wrong password.
   */
  abstract verify(password: string, hash: string | null): Promise<boolean>;
}
