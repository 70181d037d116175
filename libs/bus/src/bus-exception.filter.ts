import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { AppError } from '@portcullis/common';
import { ErrorCode, isRpcErrorPayload, RpcErrorPayload } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { Observable, throwError } from 'rxjs';

/**
 * Turns anything a bus handler throws into the `{code, message, details}` that crosses the bus.
 * AppErrors keep their code; anything else becomes INTERNAL_ERROR with an `errorId` that is logged
 * here with the real error, so the original message (maybe SQL, maybe a secret) never leaves.
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
    this.logger.error(exception instanceof Error ? exception : String(exception), `errorId=${errorId}`);
    return { code: ErrorCode.INTERNAL_ERROR, message: 'Internal error', details: { errorId } };
  }
}
