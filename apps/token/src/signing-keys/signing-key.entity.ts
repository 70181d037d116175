import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The public half of a key as published in the JWKS (no kid/alg/use: those come from the row). */
export type PublicJwk = Record<string, unknown> & { kty: string };

/**
 * One JWT signing key. The active key is the newest with no `retiredAt`; a retired key stays in the
 * JWKS until `expiresAt`, when no token it signed can still be valid.
 */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn('text')
  kid: string;

  @Column('text')
  alg: string;

  @Column('jsonb')
  publicJwk: PublicJwk;

  /** PKCS#8 PEM sealed with SecretBox: a database dump alone cannot sign tokens. */
  @Column('text')
  privateKeySealed: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  retiredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;
}
