import { Controller, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { pingPattern, PingReply, PingRequest, ServiceName } from '@portcullis/contracts';

/** `<service>.ping`: the bus round trip the gateway's readiness check and the benchmark use. */
export function pingControllerFor(service: ServiceName, instanceId: string): Type<unknown> {
  const startedAt = Date.now();

  @Controller()
  class PingMessageController {
    @MessagePattern(pingPattern(service).pattern)
    ping(@Payload() request: PingRequest): PingReply {
      return { service, instanceId, nonce: request?.nonce, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
    }
  }
  return PingMessageController;
}
