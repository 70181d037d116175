import { Provider } from '@nestjs/common';
import { ActiveSigningKey } from './active-signing-key';
import { BroadcastSigningKeyNotices } from './broadcast-signing-key-notices';
import { GetJwksUseCase } from './get-jwks.use-case';
import { JoseKeyCrypto } from './jose-key-crypto';
import { KeyCrypto } from './key-crypto';
import { RotateSigningKeyUseCase } from './rotate-signing-key.use-case';
import { SigningKeyBootstrap } from './signing-key.bootstrap';
import { SigningKeyFactory } from './signing-key.factory';
import { SigningKeyNotices } from './signing-key-notices';
import { SigningKeyRepository } from './signing-key.repository';
import { TypeOrmSigningKeyRepository } from './typeorm-signing-key.repository';

export const signingKeyProviders: Provider[] = [
  { provide: SigningKeyRepository, useClass: TypeOrmSigningKeyRepository },
  { provide: KeyCrypto, useClass: JoseKeyCrypto },
  { provide: SigningKeyNotices, useClass: BroadcastSigningKeyNotices },
  SigningKeyFactory,
  ActiveSigningKey,
  SigningKeyBootstrap,
  GetJwksUseCase,
  RotateSigningKeyUseCase,
];
