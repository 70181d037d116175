import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BootstrapOutcome, EnsureSuperAdminUseCase } from './ensure-super-admin.use-case';

/**
 * Runs the bootstrap before this replica takes bus traffic (the bus server starts listening after
 * the bootstrap hooks). A failure, such as missing production credentials, stops the start.
 */
@Injectable()
export class SuperAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(SuperAdminBootstrap.name);
  private run?: Promise<void>;

  constructor(private readonly ensureSuperAdmin: EnsureSuperAdminUseCase) {}

  /** A hybrid app calls bootstrap hooks twice (HTTP app and bus microservice); one run serves both. */
  onApplicationBootstrap(): Promise<void> {
    this.run ??= this.ensureSuperAdmin.execute().then((outcome) => this.report(outcome));
    return this.run;
  }

  /** One line each, naming the account and (for a generated password) the file — never the password. */
  private report(outcome: BootstrapOutcome): void {
    if (outcome.kind === 'created' && outcome.passwordFile) {
      this.logger.warn(
        `Created the bootstrap super_admin ${outcome.email}; its generated password is in ${outcome.passwordFile} (mode 0600): sign in, change it, then delete the file`,
      );
    } else if (outcome.kind === 'created') {
      this.logger.log(`Created the bootstrap super_admin ${outcome.email} from ADMIN_EMAIL / ADMIN_PASSWORD`);
    } else if (outcome.kind === 'refused') {
      this.logger.error(
        `No super_admin: ADMIN_EMAIL ${outcome.email} belongs to an existing account whose password is not ADMIN_PASSWORD, so it was not promoted. Set ADMIN_EMAIL to an unused address, or ADMIN_PASSWORD to that account's password, and restart`,
      );
    } else if (outcome.kind === 'granted') {
      const inactive = outcome.isActive ? '' : ', but the account is disabled and cannot sign in until it is enabled';
      this.logger.warn(`Granted super_admin to the existing account ${outcome.email} (ADMIN_EMAIL)${inactive}`);
    }
  }
}
