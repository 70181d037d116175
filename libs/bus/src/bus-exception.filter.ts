import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { AppError, DependencyUnavailableError, isDependencyUnavailable, withoutCredentials } from '@portcullis/common';
import { ErrorCode, isRpcErrorPayload, RpcErrorPayload } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { Observable, throwError } from 'rxjs';

/**
 * Turns anything a bus handler throws into the `{code, message, details}` that crosses the bus.
 * AppErrors keep their code; a store this service needs being down (PostgreSQL restarting, refused
 * connections) is SERVICE_UNAVAILABLE with a retry hint, as the caller can do nothing but retry;
 * anything else becomes INTERNAL_ERROR with an `errorId`. Either way the real error is logged here
 * beside the `errorId`, so the original message (maybe SQL, maybe a secret) never leaves.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('BusExceptionFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toPayload(exception));
  }

  private toPayload(exception: unknown): RpcErrorPayload {
    if (exception instanceof AppError) return exception.toPayload();
    if (exception instanceof RpcException && isRpcErrorPayload(exception.getError())) {
      return exception.getError() as RpcErrorPayload;
    }
    const errorId = randomUUID();
    if (isDependencyUnavailable(exception)) {
      this.logger.warn(
        `Dependency unavailable (errorId=${errorId}): ${withoutCredentials((exception as Error).message)}`,
      );
      const unavailable = new DependencyUnavailableError().toPayload();
      return { ...unavailable, details: { ...unavailable.details, errorId } };
    }
    this.logger.error(exception instanceof Error ? exception : String(exception), `errorId=${errorId}`);
    return { code: ErrorCode.INTERNAL_ERROR, message: 'Internal error', details: { errorId } };
  }
}
