import { Controller, Get } from '@nestjs/common';
import { APP_VERSION } from '@portcullis/config';
import { Public } from '../auth/public.decorator';
import { ApiReply } from '../docs/api-responses.decorator';

@Controller()
export class RootController {
  @Public()
  @Get()
  @ApiReply(200, 'ServiceInfo', { name: 'Portcullis', version: '0.1.0', status: 'ok' })
  index(): { name: string; version: string; status: string } {
    return { name: 'Portcullis', version: APP_VERSION, status: 'ok' };
  }
}
