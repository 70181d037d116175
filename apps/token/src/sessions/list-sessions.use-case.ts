import { Injectable } from '@nestjs/common';
import { ListSessionsRequest, SessionDto } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { RefreshFamilyRecord, SessionRepository } from './session.repository';

/** The user's live sessions, newest first; which one is "current" is the caller's to mark. */
@Injectable()
export class ListSessionsUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(request: ListSessionsRequest): Promise<SessionDto[]> {
    const families = await this.sessions.listActive(request.userId, this.clock.now());
    return families.map(toSessionDto);
  }
}

export function toSessionDto(family: RefreshFamilyRecord): SessionDto {
  return {
    id: family.id,
    deviceName: family.deviceName,
    ip: family.ip,
    userAgent: family.userAgent,
    createdAt: family.createdAt.toISOString(),
    lastUsedAt: family.lastUsedAt.toISOString(),
  };
}
