import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PublicJwk } from './signing-key.repository';

/** The table behind SigningKeyRecord (see signing-key.repository.ts); only the TypeORM adapter uses it. */
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
